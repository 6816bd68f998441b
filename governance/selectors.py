"""Reads for the officer's pages. The officer's reach is the council's: these are not
scoped to a case relationship, and the pages that use them are the officer's alone
(their URLs declare the role; every page about a person or case is audited).

The one-record reads (`*_for_officer`) take the user and apply the same officer-only
policy themselves, so a view that forgot its declaration would still find nothing:
anyone else, and any id that is not a record, gets a 404."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from cases.models import Case, Person, PersonRestriction
from governance.models import (
    DueStatus,
    LegalHold,
    RetentionDue,
    RightsDecision,
    RightsRequest,
    SarStatus,
    SubjectAccessRequest,
)
from governance.permissions import is_officer

M = TypeVar("M", bound=Model)


def _one_for_officer(user: Any, records: QuerySet[M], pk: Any, what: str) -> M:
    """One record by id for the officer; 404 for anyone else and for any other id."""
    if not is_officer(user):
        raise Http404(f"No such {what}")
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404(f"No such {what}") from None
    found = records.filter(pk=key).first()
    if found is None:
        raise Http404(f"No such {what}")
    return found


def person_for_officer(*, user: Any, person_id: Any) -> Person:
    return _one_for_officer(user, Person.objects.all(), person_id, "person")


def case_for_officer(*, user: Any, case_id: Any, person: Person | None = None) -> Case:
    """A case (with its family); given a person, only one of that person's cases."""
    cases = Case.objects.select_related("family")
    if person is not None:
        cases = cases.filter(family__members__person=person).distinct()
    return _one_for_officer(user, cases, case_id, "case")


def access_request_for_officer(*, user: Any, pk: Any) -> SubjectAccessRequest:
    return _one_for_officer(
        user, SubjectAccessRequest.objects.select_related("person"), pk, "request"
    )


def rights_request_for_officer(*, user: Any, pk: Any) -> RightsRequest:
    return _one_for_officer(user, RightsRequest.objects.select_related("person"), pk, "request")


def current_restriction_for_officer(*, user: Any, pk: Any) -> PersonRestriction:
    return _one_for_officer(
        user, PersonRestriction.objects.filter(lifted_at__isnull=True), pk, "restriction"
    )


def current_hold_for_officer(*, user: Any, pk: Any) -> LegalHold:
    return _one_for_officer(user, LegalHold.objects.filter(lifted_at__isnull=True), pk, "hold")


def person_requests(*, person: Person) -> dict[str, Any]:
    """What the person's page lists besides their cases: requests, holds, restrictions."""
    return {
        "access_requests": SubjectAccessRequest.objects.filter(person=person),
        "rights_requests": RightsRequest.objects.filter(person=person),
        "holds": LegalHold.objects.filter(person=person, lifted_at__isnull=True),
        "restrictions": PersonRestriction.objects.filter(person=person, lifted_at__isnull=True),
    }


def access_requests(*, open_only: bool = False) -> QuerySet[SubjectAccessRequest]:
    """Requests by due date (the dashboard): the oldest deadline first."""
    requests = SubjectAccessRequest.objects.select_related("person").order_by("due_on", "id")
    if open_only:
        requests = requests.exclude(status=SarStatus.RELEASED)
    return requests


def rights_requests(*, pending_only: bool = False) -> QuerySet[RightsRequest]:
    requests = RightsRequest.objects.select_related("person")
    if pending_only:
        requests = requests.filter(decision=RightsDecision.PENDING)
    return requests


def retention_due_items() -> QuerySet[RetentionDue]:
    return RetentionDue.objects.exclude(status=DueStatus.DONE).select_related("family")


def people_named(*, name: str, limit: int = 50) -> QuerySet[Person]:
    query = Q()
    for word in name.split()[:4]:
        query &= (
            Q(given_names__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return Person.objects.filter(query).order_by("family_name", "given_names", "pk")[:limit]


def person_cases(*, person: Person) -> QuerySet[Case]:
    return (
        Case.objects.filter(family__members__person=person)
        .select_related("family", "lead_agency")
        .distinct()
        .order_by("-opened_on", "-pk")
    )


def current_holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(lifted_at__isnull=True).select_related("case", "person")


def current_restrictions() -> QuerySet[PersonRestriction]:
    return PersonRestriction.objects.current().select_related("person")

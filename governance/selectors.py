"""Reads for the officer's pages. The officer's reach is the council's: these are not
scoped to a case relationship, and the pages that use them are the officer's alone
(their URLs declare the role; every page about a person or case is audited)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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

"""Reads that cross rows, every one scoped to the user through cases/access.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from cases.access import reach_of, visible_cases, visible_families, visible_notes
from cases.identifiers import normalise_nhs_number
from cases.models import (
    AuditEntry,
    Case,
    CaseShare,
    CaseTeamMember,
    ChronologyEntry,
    ConsentRecord,
    Disclosure,
    Family,
    HouseholdMember,
    Person,
    PersonIdentifier,
)
from cases.models.audit import AuditAction
from cases.workflow_states import FRONT_DOOR_STATES, OPEN_STATES
from cases.working_days import add_working_days, working_days_between

CASE_LIST_RELATED = (
    "family",
    "lead_agency",
    "lead_practitioner",
    "zone",
    "family_hub",
    "enquiry",
    "enquiry__raised_by_agency",
)


def front_door_queue(
    *,
    user: Any,
    family_hub_id: int | None = None,
    zone_id: int | None = None,
    urgency: str | None = None,
    min_working_days_waiting: int | None = None,
    order: str = "oldest",
) -> QuerySet[Case]:
    """Enquiries waiting for screening in the zones and hubs the user covers."""
    reach = reach_of(user)
    cases = visible_cases(user).filter(state__in=FRONT_DOOR_STATES)
    cases = cases.filter(Q(zone_id__in=reach.zone_ids) | Q(family_hub_id__in=reach.hub_ids))
    if family_hub_id:
        cases = cases.filter(family_hub_id=family_hub_id)
    if zone_id:
        cases = cases.filter(zone_id=zone_id)
    if urgency:
        cases = cases.filter(enquiry__urgency=urgency)
    if min_working_days_waiting:
        # Waiting at least N working days <=> received on or before N working days ago.
        cutoff = add_working_days(timezone.localdate(), -min_working_days_waiting)
        cases = cases.filter(enquiry__received_at__date__lte=cutoff)
    ordering = {
        "oldest": ["enquiry__received_at", "id"],
        "newest": ["-enquiry__received_at", "-id"],
        "urgency": ["-enquiry__urgency", "enquiry__received_at"],
        "family": ["family__name", "id"],
    }.get(order, ["enquiry__received_at", "id"])
    return cases.select_related(*CASE_LIST_RELATED).order_by(*ordering)


def my_cases(
    *, user: Any, state: str | None = None, include_closed: bool = False
) -> QuerySet[Case]:
    """Cases the user leads (while they remain in the lead agency)."""
    cases = visible_cases(user).filter(lead_practitioner_id=user.pk)
    if state:
        cases = cases.filter(state=state)
    elif not include_closed:
        cases = cases.filter(state__in=OPEN_STATES)
    return cases.select_related(*CASE_LIST_RELATED).order_by("opened_on", "id")


def family_search(
    *,
    user: Any,
    name: str = "",
    date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    postcode: str = "",
) -> QuerySet[Family]:
    """Families the user may see that match every term given."""
    families = visible_families(user)
    people = Person.objects.filter(
        households__family=OuterRef("pk"), households__left_on__isnull=True
    )
    if name.strip():
        for word in name.split():
            families = families.filter(
                Q(name__icontains=word)
                | Exists(
                    people.filter(
                        Q(family_name__icontains=word)
                        | Q(given_names__icontains=word)
                        | Q(preferred_name__icontains=word)
                    )
                )
            )
    if date_of_birth:
        families = families.filter(Exists(people.filter(date_of_birth=date_of_birth)))
    if nhs_number.strip():
        number = normalise_nhs_number(nhs_number)
        families = families.filter(
            Exists(
                people.filter(
                    identifiers__type=PersonIdentifier.Type.NHS_NUMBER, identifiers__value=number
                )
            )
        )
    if postcode.strip():
        compact = "".join(ch for ch in postcode.upper() if ch.isalnum())
        families = families.annotate(
            compact_postcode=Replace(Upper("postcode"), Value(" "), Value(""))
        ).filter(compact_postcode__startswith=compact)
    return (
        families.select_related("zone", "family_hub")
        .annotate(open_cases=Count("cases", filter=Q(cases__state__in=OPEN_STATES), distinct=True))
        .order_by("name", "id")
    )


def family_cases(*, user: Any, family: Family) -> QuerySet[Case]:
    return (
        visible_cases(user)
        .filter(family=family)
        .select_related("lead_agency", "lead_practitioner")
        .order_by("-opened_on")
    )


def household(*, family: Family) -> QuerySet[HouseholdMember]:
    """Current members of a household with their identifiers, children first by age."""
    return (
        HouseholdMember.objects.filter(family=family, left_on__isnull=True)
        .select_related("person", "person__school")
        .prefetch_related(
            Prefetch(
                "person__identifiers",
                queryset=PersonIdentifier.objects.filter(valid_until__isnull=True),
            )
        )
        .order_by("person__date_of_birth", "id")
    )


def case_chronology(*, user: Any, case: Case) -> QuerySet[ChronologyEntry]:
    """The case's timeline, without entries for notes the user may not read."""
    readable = visible_notes(user, case).values("pk")
    return (
        ChronologyEntry.objects.filter(case=case)
        .filter(Q(note__isnull=True) | Q(note__in=readable))
        .select_related("actor")
        .order_by("-at", "-id")
    )


def case_notes(*, user: Any, case: Case) -> QuerySet[Any]:
    return (
        visible_notes(user, case)
        .select_related("author", "author_agency")
        .order_by("-contact_date", "-id")
    )


def case_team(*, case: Case, current_only: bool = False) -> QuerySet[CaseTeamMember]:
    team = CaseTeamMember.objects.filter(case=case).select_related("agency", "user")
    if current_only:
        today = timezone.localdate()
        team = team.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    return team.order_by("ended_on", "started_on", "id")


def case_shares(*, case: Case) -> QuerySet[CaseShare]:
    return (
        CaseShare.objects.filter(case=case)
        .select_related("agency", "agreement", "granted_by", "consent__person")
        .order_by("-granted_at")
    )


def case_consents(*, case: Case) -> QuerySet[ConsentRecord]:
    return (
        ConsentRecord.objects.filter(case=case)
        .select_related("person", "recorded_by")
        .prefetch_related("agencies")
        .order_by("-recorded_at", "-id")
    )


def case_disclosures(*, case: Case) -> QuerySet[Disclosure]:
    return (
        Disclosure.objects.filter(case=case)
        .select_related("shared_with_agency", "shared_by")
        .order_by("-at", "-id")
    )


@dataclass(frozen=True)
class Viewer:
    user_label: str
    agency_label: str
    views: int
    last_viewed: dt.datetime


def case_viewers(*, case: Case) -> list[Viewer]:
    """Who has viewed this case, how often and when last (for managers)."""
    rows = (
        AuditEntry.objects.filter(case_id=case.pk, action=AuditAction.VIEW)
        .values("user_label", "agency_label")
        .annotate(views=Count("id"), last_viewed=Max("at"))
        .order_by("-last_viewed")
    )
    return [Viewer(**row) for row in rows]


def case_access_log(*, case: Case, limit: int = 200) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(case_id=case.pk).order_by("-id")[:limit]


def working_days_waiting(case: Case, today: dt.date | None = None) -> int:
    """Working days since the enquiry was received (for queue and agenda displays)."""
    received = timezone.localdate(case.enquiry.received_at)
    return working_days_between(received, today or timezone.localdate())

# mypy: disallow-untyped-defs
"""Reads that cross rows, every one scoped to the user through cases/access.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from cases.access import reach_of, visible_cases, visible_families, visible_notes
from cases.audit_reads import entries_about
from cases.models import (
    AuditEntry,
    Case,
    CaseGrant,
    CaseNote,
    CaseNoteReader,
    CaseShare,
    CaseTeamMember,
    ChronologyEntry,
    ConsentDecision,
    ConsentRecord,
    Disclosure,
    Enquiry,
    Family,
    HouseholdMember,
    IdentifierConflict,
    Person,
    PersonIdentifier,
)
from cases.models.audit import AuditAction
from cases.refusals import refused_outside_case
from cases.workflow_states import FRONT_DOOR_STATES
from cases.working_days import add_working_days, working_days_between
from partners.models import FamilyHub, InformationSharingAgreement, User

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
    """Enquiries waiting for screening in the zones and hubs the user covers.

    The enquiry and the family are read row by row through their unique keys, for the
    filters and the sort alike, never joined: a join would read every enquiry and every
    family there is to sort the few hundred waiting. Page it with `page_of_rows`, which
    sorts the ids and then reads only the page's rows with what they are listed with.
    """
    reach = reach_of(user)
    cases = visible_cases(user).filter(state__in=FRONT_DOOR_STATES)
    cases = cases.filter(Q(zone_id__in=reach.zone_ids) | Q(family_hub_id__in=reach.hub_ids))
    if family_hub_id:
        cases = cases.filter(family_hub_id=family_hub_id)
    if zone_id:
        cases = cases.filter(zone_id=zone_id)
    enquiry = Enquiry.objects.filter(case_id=OuterRef("pk")).order_by()
    if urgency:
        cases = cases.filter(Exists(enquiry.filter(urgency=urgency)))
    if min_working_days_waiting:
        # Waiting at least N working days <=> received on or before N working days ago.
        cutoff = add_working_days(timezone.localdate(), -min_working_days_waiting)
        cases = cases.filter(Exists(enquiry.filter(received_at__date__lte=cutoff)))
    received = Subquery(enquiry.values("received_at")[:1])
    ordering = {
        "oldest": ["received", "id"],
        "newest": ["-received", "-id"],
        "urgency": ["-urgency", "received"],
        "family": ["family_name", "id"],
    }.get(order, ["received", "id"])
    keys = {"received": received}
    if order == "urgency":
        keys["urgency"] = Subquery(enquiry.values("urgency")[:1])
    if order == "family":
        keys["family_name"] = Subquery(
            Family.objects.filter(pk=OuterRef("family_id")).order_by().values("name")[:1]
        )
    return cases.annotate(**keys).select_related(*CASE_LIST_RELATED).order_by(*ordering)


def my_cases(
    *, user: Any, state: str | None = None, include_closed: bool = False
) -> QuerySet[Case]:
    """Cases the user leads and may see: by default their caseload (the one definition,
    `caseloads.caseload_cases`), so the list and every count of it agree."""
    from cases.selectors.caseloads import caseload_cases

    cases = visible_cases(user).filter(lead_practitioner_id=user.pk)
    if state:
        cases = cases.filter(state=state)
    elif not include_closed:
        cases = cases.filter(pk__in=caseload_cases([user.pk]).values("pk"))
    return cases.select_related(*CASE_LIST_RELATED).order_by("opened_on", "id")


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
    from cases.timeline import hidden_entries

    readable = visible_notes(user, case).values("pk")
    entries = ChronologyEntry.objects.filter(case=case).filter(
        Q(note__isnull=True) | Q(note__in=readable)
    )
    hidden = hidden_entries(user, case)
    if hidden is not None:  # documents and the like, by their own visibility
        entries = entries.exclude(hidden)
    return entries.select_related("actor").order_by("-at", "-id")


def case_notes(*, user: Any, case: Case) -> QuerySet[Any]:
    return (
        visible_notes(user, case)
        .select_related("author", "author_agency")
        .order_by("-contact_date", "-id")
    )


def case_team(*, case: Case, current_only: bool = False) -> QuerySet[CaseTeamMember]:
    team = CaseTeamMember.objects.filter(case=case).select_related("agency", "user")
    if current_only:  # not someone whose place on the team starts later
        team = team.current()
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
    listed: int = 0  # times the case was shown in a list, a search or an agenda


def case_viewers(*, case: Case) -> list[Viewer]:
    """Who has seen this case, opened or in a list, how often and when last (managers)."""
    rows = (
        entries_about(case.pk)
        .filter(action__in=[AuditAction.VIEW, AuditAction.LIST])
        .values("user_label", "agency_label")
        .annotate(
            views=Count("id", filter=Q(action=AuditAction.VIEW, case_id=case.pk)),
            listed=Count("id", filter=Q(action=AuditAction.LIST)),
            last_viewed=Max("at"),
        )
        .order_by("-last_viewed")
    )
    return [Viewer(**row) for row in rows]


def case_access_log(*, case: Case, limit: int = 200) -> QuerySet[AuditEntry]:
    return entries_about(case.pk).order_by("-id")[:limit]


def working_days_waiting(case: Case, today: dt.date | None = None) -> int:
    """Working days since the enquiry was received (for queue and agenda displays)."""
    received = timezone.localdate(case.enquiry.received_at)
    return working_days_between(received, today or timezone.localdate())


# --------------------------------------------------------------------------- pages
# Reads for the browser pages. Each returns rows already scoped to the user, with
# what the page shows fetched in a fixed number of queries whatever the row count.

MY_CASES_ORDER = {
    "oldest": ["opened_on", "id"],
    "newest": ["-opened_on", "-id"],
    "family": ["family__name", "id"],
    "state": ["state", "opened_on", "id"],
}


def my_cases_page(*, user: Any, state: str | None = None, order: str = "oldest") -> QuerySet[Case]:
    """The cases the user leads, filtered by state (closed only when asked), sorted."""
    cases = my_cases(user=user, state=state or None)
    return cases.order_by(*MY_CASES_ORDER.get(order, MY_CASES_ORDER["oldest"]))


def front_door_hubs(*, user: Any) -> QuerySet[FamilyHub]:
    """The family hubs whose enquiries the user screens (for the queue's filter)."""
    reach = reach_of(user)
    return (
        FamilyHub.objects.filter(Q(zone_id__in=reach.zone_ids) | Q(pk__in=reach.hub_ids))
        .select_related("zone")
        .order_by("name")
    )


def visible_family(*, user: Any, family_id: Any) -> Family | None:
    """One family the user may see (through a visible case), or None."""
    try:
        pk = int(family_id)
    except (TypeError, ValueError):
        return None
    return visible_families(user).filter(pk=pk).first()


def enquiry_children_choices(*, family: Family) -> QuerySet[HouseholdMember]:
    """Current members of a household, children first, for 'who is it about?'."""
    return household(family=family)


def case_enquiry(*, case: Case) -> Enquiry | None:
    """The case's enquiry with who raised it and the children it is about."""
    return (
        Enquiry.objects.filter(case=case)
        .select_related("raised_by", "raised_by_agency")
        .prefetch_related("children")
        .first()
    )


@dataclass(frozen=True)
class PossibleDuplicate:
    """A family that matched at the front door. Details only when the user may see it."""

    family: Family | None
    zone_name: str
    visible_cases: list[Case]
    reasons: tuple[str, ...] = ()


def case_possible_duplicates(*, user: Any, case: Case) -> list[PossibleDuplicate]:
    """Families the enquiry's duplicate check matched, for whoever screens the case.

    A match the user may see is shown with its cases; one they may not see is shown
    only as 'a family known in <zone>', so its details stay with those who hold it.
    """
    conflict_households: dict[int, set[int]] = {}
    for person_id, family_id in HouseholdMember.objects.filter(
        left_on__isnull=True,
        person_id__in=IdentifierConflict.objects.filter(enquiry__case=case).values(
            "known_person_id"
        ),
    ).values_list("person_id", "family_id"):
        conflict_households.setdefault(person_id, set()).add(family_id)
    families = list(
        Family.objects.filter(
            pk__in=Enquiry.possible_duplicates.through.objects.filter(enquiry__case=case).values(
                "family_id"
            )
        )
        .select_related("zone")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=visible_cases(user).order_by("-opened_on", "-id"),
                to_attr="visible_case_list",
            )
        )
        .order_by("name", "id")
    )
    reasons: dict[int, list[str]] = {}
    for conflict in IdentifierConflict.objects.filter(enquiry__case=case).select_related("person"):
        label = PersonIdentifier.Type(conflict.identifier_type).label
        text = (
            f"The {label} given for {conflict.person.full_name} is recorded for someone here "
            "whose name or date of birth differ: the new record was made without it"
        )
        for family_id in conflict_households.get(conflict.known_person_id, ()):
            reasons.setdefault(family_id, []).append(text)
    return [
        PossibleDuplicate(
            family=family if family.visible_case_list else None,  # type: ignore[attr-defined]
            zone_name=family.zone.name if family.zone else "",
            visible_cases=list(family.visible_case_list),  # type: ignore[attr-defined]
            reasons=tuple(reasons.get(family.pk, ())),
        )
        for family in families
    ]


def case_household(*, case: Case) -> tuple[list[HouseholdMember], set[int]]:
    """The case's household (with identifiers) and the ids of the people the enquiry is
    about."""
    members = list(household(family=case.family))
    about = set(
        Enquiry.children.through.objects.filter(enquiry__case=case).values_list(
            "person_id", flat=True
        )
    )
    return members, about


def household_people(*, family: Family) -> QuerySet[Person]:
    """The people currently in a household, by name (for choosing one of them)."""
    return Person.objects.filter(
        households__family=family, households__left_on__isnull=True
    ).order_by("family_name", "given_names", "id")


def case_note_list(*, user: Any, case: Case, note_type: str | None = None) -> QuerySet[CaseNote]:
    """Notes of the case the user may read, optionally of one type, newest first."""
    notes = case_notes(user=user, case=case).prefetch_related(
        Prefetch("readers", queryset=CaseNoteReader.objects.select_related("user"))
    )
    if note_type:
        notes = notes.filter(note_type=note_type)
    return notes


def case_workers(*, case: Case) -> QuerySet[User]:
    """People working on the case who may be named as readers of a restricted note:
    the lead practitioner, the named members of the current Team Around the Family, and
    those who oversee the case: the lead agency's managers and the coordinators and
    managers covering its zone or family hub (the lead's manager, the coordinator)."""
    from partners.models import Membership
    from partners.roles import Role

    team_users = CaseTeamMember.objects.current().filter(case=case, user__isnull=False)
    oversight = Membership.objects.active().filter(role__in=(Role.MANAGER, Role.COORDINATOR))
    overseers = oversight.filter(
        Q(agency_id=case.lead_agency_id or 0, role=Role.MANAGER)
        | Q(agency__runs_service=True, zone_id=case.zone_id or 0)
        | Q(agency__runs_service=True, family_hub_id=case.family_hub_id or 0)
        | Q(
            agency__runs_service=True,
            zone__isnull=True,
            family_hub__isnull=True,
            agency__zones=case.zone_id or 0,
        )
    )
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk=case.lead_practitioner_id or 0)
            | Q(pk__in=team_users.values("user_id"))
            | Q(pk__in=overseers.values("user_id"))
        )
        .order_by("full_name", "id")
    )


def case_team_member(*, case: Case, member_id: Any) -> CaseTeamMember:
    """One Team Around the Family membership of the case (404 for any other)."""
    found = (
        CaseTeamMember.objects.select_related("agency", "user", "case")
        .filter(pk=_int_or_none(member_id) or 0, case=case)
        .first()
    )
    if found is None:
        raise refused_outside_case(
            case=case, model=CaseTeamMember, pk=member_id, what="team member"
        )
    return found


def case_share_of(*, case: Case, share_id: Any) -> CaseShare:
    """One share of the case (404 for any other)."""
    found = (
        CaseShare.objects.select_related("agency", "case")
        .filter(pk=_int_or_none(share_id) or 0, case=case)
        .first()
    )
    if found is None:
        raise refused_outside_case(case=case, model=CaseShare, pk=share_id, what="share")
    return found


def case_given_consents(*, case: Case) -> QuerySet[ConsentRecord]:
    """Consent given on the case, which a share may rely on."""
    return (
        ConsentRecord.objects.filter(case=case, decision=ConsentDecision.GIVEN)
        .select_related("person")
        .order_by("-recorded_at", "-id")
    )


def sharing_agreements(*, on: dt.date | None = None) -> QuerySet[InformationSharingAgreement]:
    """Information sharing agreements in force, for a share without consent to rely on."""
    on = on or timezone.localdate()
    return (
        InformationSharingAgreement.objects.filter(valid_from__lte=on)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("name")
    )


def case_current_grants(*, case: Case) -> QuerySet[CaseGrant]:
    """Explicit grants to the case that have not expired."""
    return (
        CaseGrant.objects.filter(content_object=case, expires_at__gt=timezone.now())
        .select_related("user", "granted_by")
        .order_by("expires_at")
    )


def case_audit_entries(*, case: Case) -> QuerySet[AuditEntry]:
    """Every audit entry about the case, its own and the lists that showed it, newest
    first (page it)."""
    return entries_about(case.pk).order_by("-id")


def user_by_email(*, email: str) -> User | None:
    """An active account with this email address, or None."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

# mypy: disallow-untyped-defs
"""Caseloads: how many open cases each lead practitioner holds, against their limit.

A person's limit is their own (CaseLimit with `user`), else the lowest default among
the casework roles they hold (CaseLimit with `role`), else none. Allocating over a
limit is warned about, never refused. Every function here runs a fixed number of
queries whatever the number of people or cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value

from cases.access import reach_of, visible_case_condition, visible_cases
from cases.models import Case, CaseLimit
from cases.models.reference import CASE_LIMIT_ROLES
from cases.workflow_states import FRONT_DOOR_STATES, OPEN_STATES, State
from partners.models import Agency, FamilyHub, Membership, User, Zone

# The states in which a case is on its lead practitioner's caseload.
CASELOAD_STATES = frozenset(OPEN_STATES - FRONT_DOOR_STATES - {State.AWAITING_ALLOCATION})
LIMIT_ROLES = frozenset(role for role, _ in CASE_LIMIT_ROLES)
NEAR_LIMIT = 2  # "nearly full" within this many cases of the limit


@dataclass(frozen=True)
class Caseload:
    user_id: int
    open_cases: int
    limit: int | None

    @property
    def over_limit(self) -> bool:
        return self.limit is not None and self.open_cases > self.limit

    @property
    def full(self) -> bool:
        return self.limit is not None and self.open_cases >= self.limit

    @property
    def near_limit(self) -> bool:
        return self.limit is not None and self.limit - NEAR_LIMIT <= self.open_cases < self.limit

    def with_one_more(self) -> Caseload:
        return Caseload(self.user_id, self.open_cases + 1, self.limit)

    @property
    def summary(self) -> str:
        if self.limit is None:
            return f"{self.open_cases} open case{'s' if self.open_cases != 1 else ''}"
        return f"{self.open_cases} of {self.limit} cases"


def caseload_cases(lead_ids: Iterable[int] | None = None) -> QuerySet[Case]:
    """The one definition of a caseload, wherever one is counted or listed (the home
    page, Your cases, Caseloads, the lead practitioner picker, the over-limit warnings):
    the cases a person leads from allocation until they are closed, in every zone and
    agency. Not filtered by who is looking: a page listing them shows the ones its
    reader may see and says how many it leaves out."""
    cases = Case.objects.filter(state__in=CASELOAD_STATES)
    if lead_ids is not None:
        cases = cases.filter(lead_practitioner_id__in=list(lead_ids))
    return cases


def open_case_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """Open cases each person leads (every zone and agency: the whole of their caseload)."""
    rows = caseload_cases(user_ids).values_list("lead_practitioner_id").annotate(n=Count("id"))
    return dict(rows)


def case_limits(user_ids: Iterable[int], on: dt.date | None = None) -> dict[int, int | None]:
    """Each person's case limit (None: no limit applies)."""
    ids = list(user_ids)
    own, defaults = _limit_settings(
        CaseLimit.objects.filter(Q(user_id__in=ids) | Q(user__isnull=True))
    )
    roles: dict[int, set[str]] = {}
    for user_id, role in (
        Membership.objects.active(on)
        .filter(user_id__in=ids, role__in=LIMIT_ROLES)
        .order_by()
        .values_list("user_id", "role")
    ):
        roles.setdefault(user_id, set()).add(role)
    return {user_id: _limit(user_id, own, defaults, roles) for user_id in ids}


def _limit_settings(limits: QuerySet[CaseLimit]) -> tuple[dict[int, int], dict[str, int]]:
    """People's own limits, and the default for each role."""
    own: dict[int, int] = {}
    defaults: dict[str, int] = {}
    for user_id, role, limit in limits.order_by().values_list("user_id", "role", "max_open_cases"):
        if user_id is None:
            defaults[role] = limit
        else:
            own[user_id] = limit
    return own, defaults


def _limit(
    user_id: int, own: dict[int, int], defaults: dict[str, int], roles: dict[int, set[str]]
) -> int | None:
    """Their own limit, else the lowest default of the casework roles they hold."""
    if user_id in own:
        return own[user_id]
    found = [defaults[r] for r in roles.get(user_id, ()) if r in defaults]
    return min(found) if found else None


def caseloads(user_ids: Iterable[int]) -> dict[int, Caseload]:
    ids = list(dict.fromkeys(user_ids))
    counts = open_case_counts(ids)
    limits = case_limits(ids)
    return {i: Caseload(i, counts.get(i, 0), limits.get(i)) for i in ids}


def caseload_of(user: Any) -> Caseload:
    return caseloads([user.pk])[user.pk]


# --------------------------------------------------------------------------- pages


def _zones_covered(user: Any) -> set[int]:
    reach = reach_of(user)
    zones = set(reach.zone_ids)
    if reach.hub_ids:
        zones |= set(
            FamilyHub.objects.filter(pk__in=reach.hub_ids).values_list("zone_id", flat=True)
        )
    return zones


def caseload_agencies(*, user: Any) -> QuerySet[Agency]:
    """Agencies whose practitioners a coordinator or manager oversees: those serving the
    zones they cover (or every zone), and their own agencies. A partner agency's
    coordinator or manager covers no zone, so oversees only their own agency's staff."""
    reach = reach_of(user)
    zones = _zones_covered(user)
    overseen = Q(pk__in=reach.casework_agency_ids)
    if zones:
        overseen |= Q(zones__in=zones) | Q(zones__isnull=True)
    return Agency.objects.filter(is_active=True).filter(overseen).distinct().order_by("name")


def agencies_serving(*, zone_id: int | None) -> QuerySet[Agency]:
    """Active agencies serving a zone (those serving every zone included)."""
    agencies = Agency.objects.filter(is_active=True)
    if zone_id is None:
        return agencies.order_by("name")
    served = Agency.zones.through.objects.filter(agency_id=OuterRef("pk"))
    return agencies.filter(Exists(served.filter(zone_id=zone_id)) | ~Exists(served)).order_by(
        "name"
    )


def caseload_zones(*, user: Any) -> QuerySet[Zone]:
    return Zone.objects.filter(pk__in=_zones_covered(user)).order_by("name")


def caseload_people(
    *,
    user: Any,
    agency_id: int | None = None,
    zone_id: int | None = None,
) -> QuerySet[User]:
    """Lead practitioners a coordinator or manager oversees, by name: the staff with a
    casework role in the agencies they oversee (in the zone asked for) and, for those
    overseeing zones, the leads of the open cases they see. The Caseloads page reads
    the same people in one pass with their caseloads (`caseload_list`); this query
    answers whether one person is overseen."""
    agencies = caseload_agencies(user=user)
    if agency_id:
        agencies = agencies.filter(pk=agency_id)
    members = Membership.objects.active().filter(
        role__in=LIMIT_ROLES, agency__in=agencies.values("pk")
    )
    leading = visible_cases(user).filter(state__in=CASELOAD_STATES)
    if zone_id:
        leading = leading.filter(zone_id=zone_id)
        members = members.filter(Q(zone_id=zone_id) | Q(zone__isnull=True))
    # The leads of the cases they see, for those overseeing zones; a partner agency's
    # coordinator or manager oversees only their own agency's staff.
    leads_of_cases_seen = bool(_zones_covered(user)) and not agency_id
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=members.values("user_id"))
            | (
                Q(pk__in=leading.values("lead_practitioner_id"))
                if leads_of_cases_seen
                else Q(pk__in=[])
            )
        )
        .order_by("full_name", "id")
    )


@dataclass(frozen=True)
class CaseloadCounts:
    """Open cases led, by lead practitioner and by lead agency (`caseload_cases`), and
    the leads of the ones a given person may see."""

    by_person: dict[int, int]
    by_agency: dict[int, int]
    leads_seen: frozenset[int] = frozenset()


def caseload_counts(*, seen_by: Any = None, zone_id: int | None = None) -> CaseloadCounts:
    """Every caseload and every agency's open cases led, counted in one pass over the
    open cases: a page that sorts people by their caseload needs them all, and a
    caseload is the whole of it, in every zone and agency. One row per lead and agency
    they lead for, so as many rows as there are lead practitioners, not cases.

    With `seen_by`, the same pass marks the leads of the cases that person may see (in
    `zone_id`, if given), for the people a coordinator or manager oversees.
    """
    by_person: dict[int, int] = {}
    by_agency: dict[int, int] = {}
    leads_seen: set[int] = set()
    rows = caseload_cases().order_by().values_list("lead_practitioner_id", "lead_agency_id")
    if seen_by is None:
        counted = rows.annotate(n=Count("*"), seen=Value(0))
    else:
        seen = visible_case_condition(seen_by)
        if zone_id:
            seen &= Q(zone_id=zone_id)
        counted = rows.annotate(n=Count("*"), seen=Count("pk", filter=seen))
    for lead_id, agency_id, n, seen_n in counted:
        if lead_id is not None:
            by_person[lead_id] = by_person.get(lead_id, 0) + n
            if seen_n:
                leads_seen.add(lead_id)
        if agency_id is not None:
            by_agency[agency_id] = by_agency.get(agency_id, 0) + n
    return CaseloadCounts(by_person, by_agency, frozenset(leads_seen))


def caseload_order(people: Iterable[int], counts: dict[int, int], order: str) -> list[int]:
    """People (ids in name order) sorted as the Caseloads page asks: most or fewest open
    cases first, or by name. Sorting is stable, so equal caseloads stay in name order."""
    by_name = list(people)
    if order == "name":
        return by_name
    if order == "fewest":
        return sorted(by_name, key=lambda pk: counts.get(pk, 0))
    return sorted(by_name, key=lambda pk: -counts.get(pk, 0))


@dataclass(frozen=True)
class TeamLoad:
    name: str
    people: int
    open_cases: int
    capacity: int | None  # the sum of the limits of those with one
    awaiting_allocation: int | None = None

    @property
    def over(self) -> bool:
        return self.capacity is not None and self.open_cases > self.capacity


@dataclass(frozen=True)
class CaseloadList:
    """The Caseloads page: the people a coordinator or manager oversees in the order
    asked for, each one's caseload against their limit, and the agencies' teams."""

    people: list[int]
    counts: CaseloadCounts
    limits: dict[int, int | None]
    agency_teams: list[TeamLoad]

    def load(self, user_id: int) -> Caseload:
        return Caseload(user_id, self.counts.by_person.get(user_id, 0), self.limits.get(user_id))


def caseload_list(
    *,
    user: Any,
    agency_id: int | None = None,
    zone_id: int | None = None,
    order: str = "most",
) -> CaseloadList:
    """The people `caseload_people` defines, with their caseloads, limits and teams, in a
    fixed number of queries whatever the number of people or cases.

    The open cases are read once (`caseload_counts`), counting every caseload and
    marking the leads of the cases the user sees. The casework memberships, case
    limits and active people are read whole: they number the authority's staff, far
    fewer than its cases, and one read of each answers the list, every limit and every
    team, where lists of thousands of ids in a query cost more than the rows.
    """
    agencies = dict(caseload_agencies(user=user).order_by().values_list("pk", "name"))
    if agency_id:
        agencies = {pk: name for pk, name in agencies.items() if pk == agency_id}
    roles: dict[int, set[str]] = {}
    teams: dict[int, set[int]] = {}
    members: set[int] = set()
    for agency_pk, user_pk, role, member_zone in (
        Membership.objects.active()
        .filter(role__in=LIMIT_ROLES)
        .order_by()
        .values_list("agency_id", "user_id", "role", "zone_id")
    ):
        roles.setdefault(user_pk, set()).add(role)
        if agency_pk in agencies:
            teams.setdefault(agency_pk, set()).add(user_pk)
            if not zone_id or member_zone in (zone_id, None):
                members.add(user_pk)
    # The leads of the cases they see, for those overseeing zones; a partner agency's
    # coordinator or manager oversees only their own agency's staff.
    leads_of_cases_seen = bool(_zones_covered(user)) and not agency_id
    counts = caseload_counts(seen_by=user if leads_of_cases_seen else None, zone_id=zone_id)
    listed = members | counts.leads_seen
    by_name = [
        pk
        for pk in User.objects.filter(is_active=True)
        .order_by("full_name", "id")
        .values_list("pk", flat=True)
        if pk in listed
    ]
    own, defaults = _limit_settings(CaseLimit.objects.all())
    limits = {pk: _limit(pk, own, defaults, roles) for pk in listed.union(*teams.values())}
    agency_teams = []
    for pk, name in sorted(agencies.items(), key=lambda item: item[1]):
        people = teams.get(pk, set())
        if not people and not counts.by_agency.get(pk):
            continue
        known = [limit for u in people if (limit := limits.get(u)) is not None]
        agency_teams.append(
            TeamLoad(
                name=name,
                people=len(people),
                open_cases=counts.by_agency.get(pk, 0),
                capacity=sum(known) if known else None,
            )
        )
    return CaseloadList(
        people=caseload_order(by_name, counts.by_person, order),
        counts=counts,
        limits=limits,
        agency_teams=agency_teams,
    )


def zone_teams(*, user: Any) -> list[TeamLoad]:
    """Per zone covered: open cases being worked and cases waiting for allocation."""
    zones = dict(caseload_zones(user=user).values_list("pk", "name"))
    rows = (
        Case.objects.filter(
            zone_id__in=zones, state__in=CASELOAD_STATES | {State.AWAITING_ALLOCATION}
        )
        .values_list("zone_id", "state")
        .annotate(n=Count("id"))
    )
    open_cases: dict[int, int] = {}
    waiting: dict[int, int] = {}
    for zone_id, state, n in rows:
        bucket = waiting if state == State.AWAITING_ALLOCATION else open_cases
        bucket[zone_id] = bucket.get(zone_id, 0) + n
    return [
        TeamLoad(
            name=f"{name} zone",
            people=0,
            open_cases=open_cases.get(pk, 0),
            capacity=None,
            awaiting_allocation=waiting.get(pk, 0),
        )
        for pk, name in sorted(zones.items(), key=lambda item: item[1])
    ]


def overseen_person(*, user: Any, person_id: Any) -> User | None:
    """A lead practitioner the user oversees (in their caseload list), or None."""
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        return None
    return caseload_people(user=user).filter(pk=pk).first()


def person_cases(*, user: Any, person: User) -> QuerySet[Case]:
    """The cases on `person`'s caseload that the user may see, oldest first."""
    return (
        visible_cases(user)
        .filter(pk__in=caseload_cases([person.pk]).values("pk"))
        .select_related("family", "lead_agency", "zone", "family_hub")
        .order_by("opened_on", "id")
    )


def lead_choices(
    *, agencies: Iterable[int] | None = None, excluding: Any = None
) -> list[Membership]:
    """Casework memberships someone may be allocated through (a person in an agency),
    for the lead practitioner choices. One query (and one for the agencies' zones).

    Only agencies that lead cases (`Agency.may_lead_cases`) and active people are
    offered. Service accounts (the users an agency system's API token acts as) never
    lead a family, and `excluding` (the person choosing) is left out: a coordinator does
    not allocate to herself from the meeting's list. The allocation service refuses the
    same people (`cases.workflow.lead_refusal`), so a hand-made request gets nowhere.
    """
    from partners.models import ApiToken

    members = (
        Membership.objects.active()
        .filter(role__in=LIMIT_ROLES, user__is_active=True, agency__may_lead_cases=True)
        .exclude(Exists(ApiToken.objects.filter(user_id=OuterRef("user_id"))))
        .select_related("user", "agency", "zone", "family_hub")
        .prefetch_related("agency__zones")
    )
    if excluding is not None:
        members = members.exclude(user_id=getattr(excluding, "pk", excluding))
    if agencies is not None:
        members = members.filter(agency_id__in=list(agencies))
    return list(members.order_by("agency__name", "user__full_name", "role"))


def reassignable_cases(*, user: Any, person: User) -> list[Case]:
    """The open cases `person` leads whose lead practitioner the user may change."""
    from cases.access import Action, can

    return [c for c in person_cases(user=user, person=person) if can(user, Action.REASSIGN, c)]

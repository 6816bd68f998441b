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

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cases.access import reach_of, visible_cases
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


def _open_cases_led() -> QuerySet[Case]:
    return caseload_cases()


def open_case_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """Open cases each person leads (every zone and agency: the whole of their caseload)."""
    rows = caseload_cases(user_ids).values_list("lead_practitioner_id").annotate(n=Count("id"))
    return dict(rows)


def case_limits(
    user_ids: Iterable[int] | QuerySet[Any], on: dt.date | None = None
) -> dict[int, int | None]:
    """Each person's case limit (None: no limit applies).

    `user_ids` may be a query of ids (a whole team): it is then read as a subquery, and
    only people with a limit are in the answer, so read it with `.get()`.
    """
    ids: QuerySet[Any] | list[int] = user_ids if isinstance(user_ids, QuerySet) else list(user_ids)
    own: dict[int, int] = {}
    defaults: dict[str, int] = {}
    for user_id, role, limit in (
        CaseLimit.objects.filter(Q(user_id__in=ids) | Q(user__isnull=True))
        .order_by()
        .values_list("user_id", "role", "max_open_cases")
    ):
        if user_id is None:
            defaults[role] = limit
        else:
            own[user_id] = limit
    roles: dict[int, set[str]] = {}
    for user_id, role in (
        Membership.objects.active(on)
        .filter(user_id__in=ids, role__in=LIMIT_ROLES)
        .order_by()
        .values_list("user_id", "role")
    ):
        roles.setdefault(user_id, set()).add(role)
    limits: dict[int, int | None] = {}
    for user_id in ids if isinstance(ids, list) else {*own, *roles}:
        if user_id in own:
            limits[user_id] = own[user_id]
            continue
        found = [defaults[r] for r in roles.get(user_id, ()) if r in defaults]
        limits[user_id] = min(found) if found else None
    return limits


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
    """Lead practitioners a coordinator or manager oversees, by name. Their caseloads
    come from `caseload_counts`, their limits from `case_limits`."""
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
    """Open cases led, by lead practitioner and by lead agency (`caseload_cases`)."""

    by_person: dict[int, int]
    by_agency: dict[int, int]


def caseload_counts() -> CaseloadCounts:
    """Every caseload and every agency's open cases led, counted in one pass over the
    open cases: a page that sorts people by their caseload needs them all, and a
    caseload is the whole of it, in every zone and agency. One row per lead and agency
    they lead for, so as many rows as there are lead practitioners, not cases."""
    by_person: dict[int, int] = {}
    by_agency: dict[int, int] = {}
    rows = (
        caseload_cases()
        .order_by()
        .values_list("lead_practitioner_id", "lead_agency_id")
        .annotate(n=Count("*"))
    )
    for lead_id, agency_id, n in rows:
        if lead_id is not None:
            by_person[lead_id] = by_person.get(lead_id, 0) + n
        if agency_id is not None:
            by_agency[agency_id] = by_agency.get(agency_id, 0) + n
    return CaseloadCounts(by_person=by_person, by_agency=by_agency)


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


def agency_teams(
    *, user: Any, agency_id: int | None = None, counts: CaseloadCounts | None = None
) -> list[TeamLoad]:
    """Per agency: its people with a casework role, the open cases it leads, its capacity.

    The team's limits are read through a subquery of its members, not a list of their
    ids: an agency may have thousands of staff. `counts` saves a second pass over the
    open cases when the page has already made one."""
    agencies = caseload_agencies(user=user)
    if agency_id:
        agencies = agencies.filter(pk=agency_id)
    names = dict(agencies.order_by().values_list("pk", "name"))
    team = Membership.objects.active().filter(role__in=LIMIT_ROLES, agency_id__in=names).order_by()
    members: dict[int, set[int]] = {}
    for agency_id_, user_id in team.values_list("agency_id", "user_id"):
        members.setdefault(agency_id_, set()).add(user_id)
    if counts is not None:
        led = counts.by_agency
    else:
        led = dict(
            _open_cases_led()
            .filter(lead_agency_id__in=names)
            .order_by()
            .values_list("lead_agency_id")
            .annotate(n=Count("*"))
        )
    limits = case_limits(team.values("user_id")) if members else {}
    teams = []
    for pk, name in sorted(names.items(), key=lambda item: item[1]):
        people = members.get(pk, set())
        if not people and not led.get(pk):
            continue
        known = [limit for u in people if (limit := limits.get(u)) is not None]
        teams.append(
            TeamLoad(
                name=name,
                people=len(people),
                open_cases=led.get(pk, 0),
                capacity=sum(known) if known else None,
            )
        )
    return teams


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

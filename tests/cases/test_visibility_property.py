"""Property: a case is in someone's lists and search results if and only if its page opens.

Hypothesis builds random boroughs: zones and hubs, agencies serving some zones, people
with one or two roles (some scoped to a zone or hub, some who have left), cases in
every state with or without a lead agency and practitioner, Team Around the Family
places (some ended), shares on consent or a lawful basis (some ended), consent
withdrawn, and time-limited grants (some expired). Then, for every person, through the real pages:

    cases listed  = my cases (open and closed) + front door queue + find a family
                    + my work + drift
    cases opening = cases whose summary page answers 200 (every other one: 404)

and the two sets must be equal. The family search is checked on its own too, since a
union can hide a search that leaks what another list happens to show: a family is in
the results if and only if one of its cases opens, and the results list exactly the
cases that open. Each example runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from cases.services import consent_record
from cases.workflow_states import State
from partners.models import User
from partners.roles import AgencyKind, Role
from tests.cases.factories import (
    CaseFactory,
    ConsentFactory,
    EnquiryFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    ShareFactory,
    TeamMemberFactory,
    grant,
)
from tests.partners.factories import (
    AgencyFactory,
    FamilyHubFactory,
    MembershipFactory,
    ZoneFactory,
    member,
)

pytestmark = pytest.mark.django_db

SURNAMES = ["Alder", "Birch", "Cedar", "Damson", "Elder", "Fir"]
ROLES = [
    Role.PRACTITIONER,
    Role.COORDINATOR,
    Role.MANAGER,
    Role.PARTNER_VIEWER,
    Role.STRATEGIC_LEAD,
]
REFERENCE = re.compile(r"PRP\d{6}")
FAMILY_NAME = re.compile(r'<h3 class="govuk-summary-card__title">([^<]+)</h3>')


@dataclass(frozen=True)
class MembershipPlan:
    agency: int
    role: str
    zone: int | None  # coordinators and managers: a zone ...
    hub: int | None  # ... or a hub (neither: every zone the agency serves)
    left: bool


@dataclass(frozen=True)
class CasePlan:
    family: int  # families may have more than one case (an earlier episode, say)
    state: str
    lead_agency: int | None
    lead_practitioner: int | None


@dataclass(frozen=True)
class Borough:
    zones: int
    family_hubs: list[int]
    agency_zones: list[frozenset[int]]
    people: list[list[MembershipPlan]]
    cases: list[CasePlan]
    team: list[tuple[int, int, bool]] = field(default_factory=list)  # case, agency, ended
    shares: list[tuple[int, int, bool, bool]] = field(default_factory=list)  # +consent, ended
    withdrawals: list[int] = field(default_factory=list)  # cases whose consent is withdrawn
    grants: list[tuple[int, int, bool]] = field(default_factory=list)  # case, person, expired


@st.composite
def boroughs(draw: st.DrawFn) -> Borough:
    zones = draw(st.integers(1, 2))
    hubs = zones * 2  # hub h is in zone h // 2
    agencies = draw(st.integers(2, 4))
    agency_zones = [
        draw(st.frozensets(st.integers(0, zones - 1), max_size=zones)) for _ in range(agencies)
    ]
    people = []
    for _ in range(draw(st.integers(2, 6))):
        plans: dict[tuple[int, str], MembershipPlan] = {}
        for _ in range(draw(st.integers(1, 2))):
            agency = draw(st.integers(0, agencies - 1))
            role = draw(st.sampled_from(ROLES))
            scope = draw(st.sampled_from(["agency", "zone", "hub"]))
            scoped = role in (Role.COORDINATOR, Role.MANAGER)
            plans[(agency, role)] = MembershipPlan(
                agency=agency,
                role=role,
                zone=draw(st.integers(0, zones - 1)) if scoped and scope == "zone" else None,
                hub=draw(st.integers(0, hubs - 1)) if scoped and scope == "hub" else None,
                left=draw(st.booleans()) and draw(st.booleans()),
            )
        people.append(list(plans.values()))
    maybe_agency = st.none() | st.integers(0, agencies - 1)
    family_hubs = draw(st.lists(st.integers(0, hubs - 1), min_size=1, max_size=4))
    cases = [
        CasePlan(
            family=draw(st.integers(0, len(family_hubs) - 1)),
            state=draw(st.sampled_from(list(State))),
            lead_agency=draw(maybe_agency),
            lead_practitioner=draw(st.none() | st.integers(0, len(people) - 1)),
        )
        for _ in range(draw(st.integers(1, 5)))
    ]
    a_case = st.integers(0, len(cases) - 1)
    an_agency = st.integers(0, agencies - 1)
    return Borough(
        zones=zones,
        family_hubs=family_hubs,
        agency_zones=agency_zones,
        people=people,
        cases=cases,
        team=draw(st.lists(st.tuples(a_case, an_agency, st.booleans()), max_size=4)),
        shares=draw(
            st.lists(st.tuples(a_case, an_agency, st.booleans(), st.booleans()), max_size=4)
        ),
        withdrawals=draw(st.lists(a_case, max_size=2, unique=True)),
        grants=draw(
            st.lists(
                st.tuples(a_case, st.integers(0, len(people) - 1), st.booleans()),
                max_size=2,
                unique_by=lambda g: (g[0], g[1]),
            )
        ),
    )


def build(borough: Borough) -> list[User]:
    today = timezone.localdate()
    zones = [ZoneFactory() for _ in range(borough.zones)]
    hubs = [FamilyHubFactory(zone=zones[h // 2]) for h in range(borough.zones * 2)]
    agencies = []
    for served in borough.agency_zones:
        agency = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
        agency.zones.set([zones[z] for z in served])
        agencies.append(agency)
    people = []
    for plans in borough.people:
        user = None
        for plan in plans:
            membership = MembershipFactory(
                **({"user": user} if user else {}),
                agency=agencies[plan.agency],
                role=plan.role,
                zone=zones[plan.zone] if plan.zone is not None else None,
                family_hub=hubs[plan.hub] if plan.hub is not None else None,
                ended_on=today if plan.left else None,
            )
            user = membership.user
        people.append(user)

    families, parents_of = [], []
    for index, hub in enumerate(borough.family_hubs):
        surname = SURNAMES[index]
        family = FamilyFactory(
            name=f"The {surname} family", family_hub=hubs[hub], postcode=f"NB1 {index}AA"
        )
        families.append(family)
        parents_of.append(
            HouseholdMemberFactory(
                family=family,
                relationship="parent",
                person=PersonFactory(family_name=surname, given_names="Sam"),
            ).person
        )
    cases = []
    parents = []
    for index, plan in enumerate(borough.cases):
        family, parent = families[plan.family], parents_of[plan.family]
        case = CaseFactory(
            family=family,
            reference=f"PRP{index:06d}",
            state=plan.state,
            lead_agency=agencies[plan.lead_agency] if plan.lead_agency is not None else None,
            lead_practitioner=people[plan.lead_practitioner]
            if plan.lead_practitioner is not None
            else None,
        )
        EnquiryFactory(case=case, raised_by_agency=agencies[0])
        cases.append(case)
        parents.append(parent)

    ended = today - dt.timedelta(days=1)
    for case_index, agency_index, is_ended in borough.team:
        TeamMemberFactory(
            case=cases[case_index],
            agency=agencies[agency_index],
            ended_on=ended if is_ended else None,
        )
    for case_index, agency_index, on_consent, is_ended in borough.shares:
        case = cases[case_index]
        ShareFactory(
            case=case,
            agency=agencies[agency_index],
            basis="consent" if on_consent else "safeguarding",
            consent=ConsentFactory(case=case, person=parents[case_index]) if on_consent else None,
            lawful_reason="" if on_consent else "Risk of harm",
            ends_on=ended if is_ended else None,
        )
    if borough.withdrawals:
        recorder = member(
            Role.MANAGER, agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP), zone=None
        )
        recorder.memberships.get().agency.zones.set(zones)
        for case_index in borough.withdrawals:
            if cases[case_index].state == State.CLOSED:
                continue  # a closed case is read-only: its shares ended at closure
            consent_record(
                actor=User.objects.get(pk=recorder.pk),
                case=cases[case_index],
                decision="withdrawn",
                person=parents[case_index],
            )
    for case_index, person_index, expired in borough.grants:
        # An expired grant stays until the daily task removes it: it must show nothing.
        grant(cases[case_index], people[person_index], days=-1 if expired else 7)
    return people


def references(html: str) -> set[str]:
    return set(REFERENCE.findall(html))


@dataclass(frozen=True)
class SearchResults:
    families: set[str]
    cases: set[str]


def searched(client: Client) -> SearchResults:
    """Find a family by the postcode every family shares: what the results show."""
    if client.post("/find-a-family/", {"postcode": "NB1"}).status_code != 302:
        return SearchResults(set(), set())  # a role that does not search
    html = client.get("/find-a-family/").content.decode()
    return SearchResults(set(FAMILY_NAME.findall(html)), references(html))


def listed(client: Client) -> set[str]:
    found: set[str] = set()
    for url in ("/my-cases/", "/my-cases/?state=closed", "/front-door/", "/my-work/", "/drift/"):
        response = client.get(url)
        assert response.status_code in (200, 403), url
        if response.status_code == 200:
            found |= references(response.content.decode())
    return found | searched(client).cases


def opening(client: Client, cases: dict[str, int]) -> set[str]:
    found = set()
    for reference, pk in cases.items():
        status = client.get(f"/cases/{pk}/").status_code
        assert status in (200, 404), (reference, status)
        if status == 200:
            found.add(reference)
    return found


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(borough=boroughs())
def test_a_case_is_listed_for_someone_if_and_only_if_its_page_opens_for_them(borough):
    with transaction.atomic():
        people = build(borough)
        cases = dict(Case.objects.values_list("reference", "pk"))
        family_of = dict(Case.objects.values_list("reference", "family__name"))
        for person in people:
            client = Client()
            client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
            opens = opening(client, cases)
            assert listed(client) == opens, person.memberships.all()
            search = searched(client)
            assert search.cases == opens, ("search", person.memberships.all())
            assert search.families == {family_of[r] for r in opens}, (
                "families found",
                person.memberships.all(),
            )
        transaction.set_rollback(True)

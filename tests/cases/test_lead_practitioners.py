"""Lead practitioners: changes with their history, bulk reassignment, caseloads and limits."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.access import visible_cases
from cases.models import CaseLimit, LeadPractitionerAssignment
from cases.selectors.caseloads import case_limits, caseload_of
from cases.services import lead_practitioner_change, lead_practitioners_reassign
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import User
from partners.roles import Role
from tests.cases.factories import CaseFactory
from tests.cases.pages import text_of
from tests.cases.places import build_place
from tests.partners.factories import AgencyFactory, MembershipFactory, ZoneFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return build_place()


def led_case(place, lead=None, **kwargs):
    lead = lead or place.worker
    case = CaseFactory(
        family__family_hub=place.hub,
        state=kwargs.pop("state", State.PLAN_AND_REVIEW),
        lead_agency=place.council,
        lead_practitioner=lead,
        **kwargs,
    )
    LeadPractitionerAssignment.objects.create(
        case=case, user=lead, agency=place.council, assigned_by=place.coordinator
    )
    return case


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_changing_the_lead_keeps_who_led_it_when_and_why(place):
    case = led_case(place)
    lead_practitioner_change(
        actor=fresh(place.coordinator),
        case=case,
        lead_practitioner=place.second_worker,
        lead_agency=place.council,
        reason="Sam is on long-term leave",
    )
    case.refresh_from_db()
    assert case.lead_practitioner == place.second_worker
    first, second = LeadPractitionerAssignment.objects.filter(case=case).order_by("started_at")
    assert first.user == place.worker and first.ended_at is not None
    assert first.end_reason == "Sam is on long-term leave" and first.ended_by == place.coordinator
    assert second.user == place.second_worker and second.ended_at is None
    assert second.assigned_by == place.coordinator
    assert visible_cases(fresh(place.second_worker)).filter(pk=case.pk).exists()


def test_a_lead_change_needs_a_reason_someone_new_of_the_agency_and_the_right_role(place):
    case = led_case(place)
    coordinator = fresh(place.coordinator)
    with pytest.raises(ApplicationError, match="Enter why the lead practitioner is changing"):
        lead_practitioner_change(
            actor=coordinator,
            case=case,
            lead_practitioner=place.second_worker,
            lead_agency=place.council,
            reason=" ",
        )
    with pytest.raises(ApplicationError, match="already leads"):
        lead_practitioner_change(
            actor=coordinator,
            case=case,
            lead_practitioner=place.worker,
            lead_agency=place.council,
            reason="x",
        )
    with pytest.raises(ApplicationError, match="does not work for"):
        lead_practitioner_change(
            actor=coordinator,
            case=case,
            lead_practitioner=place.teacher,
            lead_agency=place.council,
            reason="x",
        )
    with pytest.raises(PermissionDenied):  # a practitioner cannot reassign their own case
        lead_practitioner_change(
            actor=fresh(place.worker),
            case=case,
            lead_practitioner=place.second_worker,
            lead_agency=place.council,
            reason="x",
        )


def test_a_lead_agency_manager_may_change_the_lead_without_covering_the_zone(place):
    case = led_case(place)
    agency_manager = member(Role.MANAGER, agency=place.council)
    lead_practitioner_change(
        actor=agency_manager,
        case=case,
        lead_practitioner=place.second_worker,
        lead_agency=place.council,
        reason="Rebalancing caseloads",
    )
    case.refresh_from_db()
    assert case.lead_practitioner == place.second_worker


def test_reassigning_a_leavers_cases_moves_all_or_none(place):
    ours = [led_case(place) for _ in range(3)]
    other = led_case(place, lead=place.second_worker)
    coordinator = fresh(place.coordinator)
    with pytest.raises(ApplicationError, match="is not led by"):
        lead_practitioners_reassign(
            actor=coordinator,
            leaver=place.worker,
            changes=[
                (ours[0], place.second_worker, place.council),
                (other, place.worker, place.council),
            ],
            reason="Leaving",
        )
    ours[0].refresh_from_db()
    assert ours[0].lead_practitioner == place.worker  # nothing moved

    third = member(Role.PRACTITIONER, agency=place.council)
    moved = lead_practitioners_reassign(
        actor=coordinator,
        leaver=place.worker,
        changes=[
            (ours[0], place.second_worker, place.council),
            (ours[1], third, place.council),
            (ours[2], third, place.council),
        ],
        reason="Sam leaves the service on Friday",
    )
    assert [c.lead_practitioner for c in moved] == [place.second_worker, third, third]
    assert (
        not LeadPractitionerAssignment.objects.filter(user=place.worker, ended_at__isnull=True)
        .exclude(case=other)
        .exists()
    )


def test_a_reassignment_from_a_stale_page_moves_nothing(place):
    first, second = led_case(place), led_case(place)
    versions = {first.pk: first.version, second.pk: second.version}
    lead_practitioner_change(
        actor=fresh(place.coordinator),
        case=second,
        lead_practitioner=place.second_worker,
        lead_agency=place.council,
        reason="Changed meanwhile",
    )
    second.refresh_from_db()
    second.lead_practitioner = place.worker  # as the stale page saw it
    with pytest.raises(ConcurrentChangeError):
        lead_practitioners_reassign(
            actor=fresh(place.coordinator),
            leaver=place.worker,
            changes=[
                (first, place.second_worker, place.council),
                (second, place.second_worker, place.council),
            ],
            reason="Leaving",
            versions=versions,
        )
    first.refresh_from_db()
    assert first.lead_practitioner == place.worker


def test_case_limits_a_persons_own_wins_else_their_lowest_role_default(place):
    CaseLimit.objects.filter(role="").delete()
    CaseLimit.objects.update_or_create(role="practitioner", defaults={"max_open_cases": 18})
    CaseLimit.objects.update_or_create(role="coordinator", defaults={"max_open_cases": 8})
    both = member(Role.PRACTITIONER, agency=place.council)
    MembershipFactory(user=both, agency=place.council, role=Role.COORDINATOR)
    part_time = member(Role.PRACTITIONER, agency=place.council)
    CaseLimit.objects.create(user=part_time, max_open_cases=9, note="0.5 FTE")
    outsider = member(Role.PARTNER_VIEWER)
    limits = case_limits([place.worker.pk, both.pk, part_time.pk, outsider.pk])
    assert limits == {place.worker.pk: 18, both.pk: 8, part_time.pk: 9, outsider.pk: None}


def test_a_caseload_counts_open_cases_being_worked(place):
    for state in (State.ALLOCATED, State.PLAN_AND_REVIEW, State.CLOSING):
        led_case(place, state=state)
    led_case(place, state=State.CLOSED)
    CaseLimit.objects.create(user=place.worker, max_open_cases=3)
    load = caseload_of(place.worker)
    assert (load.open_cases, load.limit, load.full, load.over_limit) == (3, 3, True, False)
    assert load.with_one_more().over_limit


def test_the_caseloads_page_shows_people_against_their_limits_and_teams(place, signed_in_client):
    CaseLimit.objects.create(user=place.worker, max_open_cases=2)
    for _ in range(3):
        led_case(place)
    page = signed_in_client(place.coordinator).get("/caseloads/")
    text = text_of(page.content.decode())
    assert place.worker.full_name in text and "Over the limit" in text
    assert place.council.name in text and f"{place.zone.name} zone" in text
    person = signed_in_client(place.coordinator).get(f"/caseloads/{place.worker.pk}/")
    assert "3 of 2 cases" in text_of(person.content.decode())


def test_a_coordinator_reassigns_a_leavers_cases_through_the_page(place, signed_in_client):
    cases = [led_case(place) for _ in range(3)]
    client = signed_in_client(place.coordinator)
    url = f"/caseloads/{place.worker.pk}/reassign/"
    page = client.get(url).content.decode()
    assert all(c.reference in page for c in cases)
    key = f"{place.second_worker.pk}:{place.council.pk}"
    versions = {f"version_{c.pk}": str(c.version) for c in cases}
    nothing = client.post(url, {"reason": "Leaving", **versions}).content.decode()
    assert "Select at least one case to reassign" in nothing
    data = {"reason": "Sam is leaving", "everyone": key}
    for case in cases[:2]:
        data |= {f"move_{case.pk}": "true", f"version_{case.pk}": str(case.version)}
    data[f"version_{cases[2].pk}"] = str(cases[2].version)
    done = client.post(url, data)
    assert done.status_code == 302
    leads = [type(c).objects.get(pk=c.pk).lead_practitioner_id for c in cases]
    assert leads == [place.second_worker.pk, place.second_worker.pk, place.worker.pk]


def test_the_lead_change_page_warns_when_the_new_lead_is_over_their_limit(place, signed_in_client):
    case = led_case(place)
    CaseLimit.objects.create(user=place.second_worker, max_open_cases=0)
    response = signed_in_client(place.coordinator).post(
        f"/cases/{case.pk}/lead/",
        {
            "lead": f"{place.second_worker.pk}:{place.council.pk}",
            "reason": "Family asked for a change",
            "version": case.version,
        },
        follow=True,
    )
    text = text_of(response.content.decode())
    assert f"{place.second_worker.full_name} is now the lead practitioner" in text
    assert "over their limit of 0" in text


@pytest.mark.parametrize("page", ["list", "person", "reassign"])
def test_caseload_pages_run_the_same_queries_for_5_and_50_cases(place, signed_in_client, page):
    client = signed_in_client(place.coordinator)
    url = {
        "list": "/caseloads/",
        "person": f"/caseloads/{place.worker.pk}/",
        "reassign": f"/caseloads/{place.worker.pk}/reassign/",
    }[page]

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    for i in range(5):
        led_case(
            place, lead=place.worker if i % 2 else member(Role.PRACTITIONER, agency=place.council)
        )
    small = count()
    for i in range(45):
        led_case(
            place, lead=place.worker if i % 2 else member(Role.PRACTITIONER, agency=place.council)
        )
    assert count() == small


def test_the_caseloads_list_is_the_people_each_overseer_oversees(place):
    """The page's one pass over the open cases lists exactly `caseload_people`: the staff
    of the agencies overseen (in the zone asked for) and the leads of the cases seen,
    whatever their agency, each with their whole caseload and limit."""
    from cases.selectors.caseloads import caseload_list, caseload_people

    partner = AgencyFactory()
    partner.zones.set([ZoneFactory()])  # serves another zone only
    outsider = member(Role.PRACTITIONER, agency=partner)  # leads a case in the zone
    in_zone = {"family__family_hub": place.hub, "lead_agency": partner}
    CaseFactory(state=State.PLAN_AND_REVIEW, lead_practitioner=outsider, **in_zone)
    closed = member(Role.PRACTITIONER, agency=partner)
    CaseFactory(state=State.CLOSED, lead_practitioner=closed, **in_zone)
    elsewhere = member(Role.PRACTITIONER, agency=partner)
    CaseFactory(state=State.ALLOCATED, lead_practitioner=elsewhere)  # another zone's case
    CaseLimit.objects.create(user=outsider, max_open_cases=1)
    for overseer in (place.coordinator, place.manager, place.other_coordinator):
        for filters in ({}, {"zone_id": place.zone.pk}, {"agency_id": place.council.pk}):
            expected = list(caseload_people(user=overseer, **filters).values_list("pk", flat=True))
            listing = caseload_list(user=overseer, order="name", **filters)
            assert listing.people == expected, (overseer, filters)
    listing = caseload_list(user=place.coordinator)
    assert outsider.pk in listing.people
    assert elsewhere.pk not in listing.people and closed.pk not in listing.people
    assert listing.load(outsider.pk) == caseload_of(outsider)
    assert listing.load(place.worker.pk) == caseload_of(place.worker)

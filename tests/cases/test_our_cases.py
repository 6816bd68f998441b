"""Our cases: every case the person's agency is involved in (lead, team, share), within
what they may see, filterable by status and open action, and paged; and the home page
of practitioners and partner viewers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.access import visible_cases
from cases.our_cases import involvement, our_cases
from cases.workflow_states import State
from family_plans.models import ActionStatus, InviteeKind, OwnerKind
from partners.roles import Role
from tests.cases.factories import CaseFactory, EnquiryFactory, ShareFactory, TeamMemberFactory
from tests.family_plans.factories import ActionFactory, InviteeFactory, MeetingFactory, PlanFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


def _world():  # type: ignore[no-untyped-def]
    school = AgencyFactory(name="Hillside Primary")
    dsl = member(Role.PARTNER_VIEWER, agency=school)
    led = CaseFactory(lead_agency=school)
    on_team = CaseFactory()
    TeamMemberFactory(case=on_team, agency=school)
    shared = CaseFactory()
    ShareFactory(case=shared, agency=school)
    left_team = CaseFactory()
    TeamMemberFactory(
        case=left_team, agency=school, ended_on=timezone.localdate() - dt.timedelta(days=1)
    )
    elsewhere = CaseFactory()
    TeamMemberFactory(case=elsewhere)
    return school, dsl, {"led": led, "team": on_team, "shared": shared, "left": left_team}


def test_our_cases_equals_visible_cases_restricted_to_the_agencys_involvement():
    school, dsl, cases = _world()
    expected = set(
        visible_cases(dsl)
        .filter(involvement(frozenset({school.pk})))
        .exclude(state=State.CLOSED)
        .values_list("pk", flat=True)
    )
    found = set(our_cases(user=dsl).values_list("pk", flat=True))
    assert found == expected
    assert {cases["team"].pk, cases["shared"].pk} <= found
    assert cases["left"].pk not in found


def test_a_lead_agency_practitioner_sees_the_cases_their_agency_leads():
    school, _, cases = _world()
    teacher = member(Role.PRACTITIONER, agency=school)
    assert cases["led"].pk in set(our_cases(user=teacher).values_list("pk", flat=True))


def test_closed_cases_show_only_when_asked_for():
    school, dsl, _ = _world()
    closed = CaseFactory(state=State.CLOSED, closed_on=timezone.localdate())
    TeamMemberFactory(case=closed, agency=school)
    assert closed.pk not in our_cases(user=dsl).values_list("pk", flat=True)
    assert list(our_cases(user=dsl, status="closed").values_list("pk", flat=True)) == [closed.pk]
    assert closed.pk in our_cases(user=dsl, status="all").values_list("pk", flat=True)


def test_the_open_action_filter_finds_cases_where_the_agency_owns_an_open_action():
    school, dsl, cases = _world()
    plan = PlanFactory(case=cases["team"])
    ActionFactory(
        plan=plan,
        outcome__plan=plan,
        owner_kind=OwnerKind.AGENCY,
        owner_user=None,
        owner_agency=school,
    )
    done_plan = PlanFactory(case=cases["shared"])
    ActionFactory(
        plan=done_plan,
        outcome__plan=done_plan,
        owner_kind=OwnerKind.AGENCY,
        owner_user=None,
        owner_agency=school,
        status=ActionStatus.DONE,
    )
    with_action = set(our_cases(user=dsl, open_action="yes").values_list("pk", flat=True))
    without = set(our_cases(user=dsl, open_action="no").values_list("pk", flat=True))
    assert with_action == {cases["team"].pk}
    assert cases["shared"].pk in without and cases["team"].pk not in without


def test_the_page_lists_the_cases_filters_and_pages(signed_in_client):
    school, dsl, _ = _world()
    for _ in range(26):
        TeamMemberFactory(agency=school)
    client = signed_in_client(dsl)
    page = client.get(reverse("our-cases")).content.decode()
    # The team and shared cases and 26 more teams; the case the school leads is not
    # visible to a partner viewer, who has no casework role.
    assert "Showing 1 to 25 of 28 results" in page and "page=2" in page
    filtered = client.get(reverse("our-cases"), {"status": "closed"}).content.decode()
    assert "not involved in any cases that match" in filtered


def test_a_bad_filter_value_falls_back_to_no_filter(signed_in_client):
    _, dsl, cases = _world()
    response = signed_in_client(dsl).get(reverse("our-cases"), {"status": "nonsense"})
    assert response.status_code == 200
    assert cases["team"].reference in response.content.decode()


def test_people_with_no_case_role_may_not_open_our_cases(signed_in_client):
    response = signed_in_client(member(Role.STRATEGIC_LEAD)).get(reverse("our-cases"))
    assert response.status_code == 403


def test_the_home_page_shows_a_partners_actions_meetings_and_enquiries(signed_in_client):
    school, dsl, cases = _world()
    plan = PlanFactory(case=cases["team"])
    ActionFactory(plan=plan, outcome__plan=plan, owner_user=dsl, what="Check attendance weekly")
    meeting = MeetingFactory(case=cases["team"])
    InviteeFactory(meeting=meeting, kind=InviteeKind.WORKER, user=dsl, name=dsl.full_name)
    enquiry = EnquiryFactory(raised_by=dsl, raised_by_agency=school)
    page = signed_in_client(dsl).get(reverse("home")).content.decode()
    assert "Check attendance weekly" in page
    assert "Team Around the Family meeting" in page
    assert enquiry.case.reference in page and "Waiting for screening" in page


def test_the_home_page_of_a_manager_does_not_show_the_partner_section(signed_in_client):
    page = signed_in_client(member(Role.MANAGER)).get(reverse("home")).content.decode()
    assert "Actions you own" not in page


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/our-cases/", "/our-cases/?open_action=yes", "/"])
def test_our_cases_and_the_home_page_run_the_same_queries_for_5_and_25_cases(signed_in_client, url):
    school = AgencyFactory()
    dsl = member(Role.PRACTITIONER, agency=school)
    client = signed_in_client(dsl)

    def add(count: int) -> None:
        for _ in range(count):
            case = CaseFactory()
            TeamMemberFactory(case=case, agency=school)
            plan = PlanFactory(case=case)
            ActionFactory(plan=plan, outcome__plan=plan, owner_user=dsl)
            meeting = MeetingFactory(case=case)
            InviteeFactory(meeting=meeting, kind=InviteeKind.WORKER, user=dsl, name="x")
            EnquiryFactory(raised_by=dsl, raised_by_agency=school)

    add(5)
    few = _count(client, url)
    add(20)
    assert _count(client, url) == few

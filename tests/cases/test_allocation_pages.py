"""The allocation meeting through its pages: plan, agenda, attendance, decisions, record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import AllocationMeeting, CaseLimit, Decision, StepDown
from cases.services import allocation_decide, allocation_meeting_create
from cases.workflow_states import State
from tests.cases.factories import CaseFactory, waiting_case
from tests.cases.pages import error_beside, text_of, value_of
from tests.cases.places import allocate_one_defer_another, build_place, case_type, level

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return build_place()


def lead_key(place, user=None):
    return f"{(user or place.worker).pk}:{place.council.pk}"


def meeting_for(place, **kwargs):
    kwargs.setdefault("held_on", timezone.localdate())
    return allocation_meeting_create(actor=place.coordinator, zone=place.zone, **kwargs)


def test_a_coordinator_plans_a_meeting_and_sees_its_agenda(place, signed_in_client):
    waiting = waiting_case(place.hub, received_days_ago=20, surname="Okafor")
    client = signed_in_client(place.coordinator)
    form = client.get("/allocation-meetings/new/")
    assert form.status_code == 200
    assert f'value="zone:{place.zone.pk}"' in form.content.decode()

    response = client.post(
        "/allocation-meetings/new/",
        {"place": f"zone:{place.zone.pk}", "held_on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    meeting = AllocationMeeting.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/allocation-meetings/{meeting.pk}/"
    )
    agenda = client.get(response["Location"]).content.decode()
    assert "The Okafor family" in agenda and waiting.reference in agenda
    assert "Over target" in agenda  # 20 days ago is more than 10 working days
    listed = client.get("/allocation-meetings/").content.decode()
    assert f"/allocation-meetings/{meeting.pk}/" in listed


def test_planning_a_meeting_with_errors_keeps_what_was_typed(place, signed_in_client):
    client = signed_in_client(place.coordinator)
    page = client.post("/allocation-meetings/new/", {"place": "", "held_on": "31/02/2026"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: Plan an allocation meeting" in html
    assert error_beside(html, "id_place") == "Select the zone or family hub"
    assert error_beside(html, "id_held_on").startswith("Enter the date of the meeting")
    assert value_of(html, "held_on") == "31/02/2026"
    assert AllocationMeeting.objects.count() == 0


def test_recording_an_allocation_at_the_meeting(place, signed_in_client):
    case = waiting_case(place.hub, surname="Mensah")
    meeting = meeting_for(place)
    item = meeting.items.get()
    client = signed_in_client(place.coordinator)
    url = f"/allocation-meetings/{meeting.pk}/cases/{item.pk}/"
    page = client.get(url).content.decode()
    assert "The Mensah family" in page
    assert place.worker.full_name in page and "0 of 18 cases" in page

    response = client.post(
        url,
        {
            "decision": Decision.ALLOCATE,
            "lead": lead_key(place),
            "family_preference": "Dad asked for the worker who helped before",
            "need_level": level(3).pk,
            "case_type": case_type().pk,
            "version": item.version,
            "case_version": case.version,
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ALLOCATED and case.lead_practitioner == place.worker
    agenda = client.get(response["Location"].split("#")[0]).content.decode()
    assert "Allocated" in agenda and place.worker.full_name in agenda


def test_a_decision_with_errors_is_shown_again_with_what_was_typed(place, signed_in_client):
    case = waiting_case(place.hub)
    meeting = meeting_for(place)
    item = meeting.items.get()
    client = signed_in_client(place.coordinator)
    page = client.post(
        f"/allocation-meetings/{meeting.pk}/cases/{item.pk}/",
        {
            "decision": Decision.ALLOCATE,
            "family_preference": "Someone who speaks Twi",
            "version": item.version,
            "case_version": case.version,
        },
    ).content.decode()
    assert "<title>Error: " in page
    assert error_beside(page, "id_lead") == "Select the lead practitioner"
    assert "Someone who speaks Twi" in page
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


def test_the_second_coordinator_to_decide_sees_the_first_decision_and_keeps_their_input(
    place, signed_in_client
):
    case = waiting_case(place.hub)
    meeting = meeting_for(place)
    item = meeting.items.get()
    url = f"/allocation-meetings/{meeting.pk}/cases/{item.pk}/"
    first, second = signed_in_client(place.coordinator), signed_in_client(place.manager)
    second.get(url)  # both have the page open at version 1
    first.post(
        url,
        {
            "decision": Decision.DEFER,
            "reason": "Waiting for the health visitor's view",
            "version": 1,
            "case_version": case.version,
        },
    )
    page = second.post(
        url,
        {
            "decision": Decision.SIGNPOST,
            "reason": "Signpost to the parenting course",
            "version": 1,
            "case_version": case.version,
        },
    ).content.decode()
    assert "Someone else recorded a decision" in page
    assert "Waiting for the health visitor&#x27;s view" in page  # the first decision, shown
    assert "Signpost to the parenting course" in page  # their own input, kept
    assert value_of(page, "version") == "2"
    item.refresh_from_db()
    assert item.decision == Decision.DEFER


def test_the_agenda_flags_re_referrals_step_downs_and_urgency(place, signed_in_client):
    case = waiting_case(place.hub, surname="Flagged")
    earlier = CaseFactory(family=case.family, state=State.CLOSED)
    case.rereferral_of = earlier
    case.save()
    StepDown.objects.create(
        case=case, social_care_reference="SC-99", summary="x", recorded_by=place.coordinator
    )
    case.enquiry.urgency = "urgent"
    case.enquiry.save()
    meeting = meeting_for(place)
    html = signed_in_client(place.coordinator).get(f"/allocation-meetings/{meeting.pk}/")
    text = text_of(html.content.decode())
    assert "Re-referral" in text and "SC-99" in text and "Urgent" in text
    assert "Step-down from social care" in text


def test_attendance_is_recorded_with_more_rows_on_request(place, signed_in_client):
    meeting = meeting_for(place)
    client = signed_in_client(place.coordinator)
    url = f"/allocation-meetings/{meeting.pk}/attendance/"
    blank = client.get(url).content.decode()
    assert blank.count('name="people-') and 'name="people-2-name"' in blank
    more = client.post(
        url,
        {
            "people-TOTAL_FORMS": "3",
            "people-INITIAL_FORMS": "0",
            "people-0-name": "Sam Patel",
            "action": "more",
        },
    ).content.decode()
    assert 'name="people-5-name"' in more and value_of(more, "people-0-name") == "Sam Patel"
    saved = client.post(
        url,
        {
            "agencies": [place.council.pk, place.school.pk],
            "people-TOTAL_FORMS": "2",
            "people-INITIAL_FORMS": "0",
            "people-0-name": "Sam Patel",
            "people-0-role": "Chair",
            "people-0-agency": place.council.pk,
            "people-1-name": "",
            "action": "save",
        },
    )
    assert saved.status_code == 302
    agenda = client.get(saved["Location"]).content.decode()
    assert "Sam Patel" in agenda and place.school.name in agenda


def test_the_printable_record_lists_every_decision(place, signed_in_client):
    allocated = waiting_case(place.hub, surname="Allocated")
    deferred = waiting_case(place.hub, surname="Deferred")
    meeting = meeting_for(place)
    allocate_one_defer_another(place, meeting, allocated=allocated, deferred=deferred)
    html = signed_in_client(place.coordinator).get(f"/allocation-meetings/{meeting.pk}/record/")
    text = text_of(html.content.decode())
    assert "Record of the allocation meeting" in text
    assert "2 of 2 families decided; 1 allocated, 1 within 10 working days" in text
    assert place.worker.full_name in text and "More information needed from school" in text
    assert 'media="print"' in html.content.decode()


def test_a_meeting_of_another_zone_is_not_found(place, signed_in_client):
    meeting = meeting_for(place)
    client = signed_in_client(place.other_coordinator)
    for url in (
        f"/allocation-meetings/{meeting.pk}/",
        f"/allocation-meetings/{meeting.pk}/record/",
        f"/allocation-meetings/{meeting.pk}/attendance/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/allocation-meetings/{meeting.pk}/refresh/").status_code == 404


def _queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def _decide_some(place, meeting) -> None:
    """A mix of decisions, as a meeting part-way through looks."""
    for index, item in enumerate(meeting.items.order_by("position")):
        if index % 3 == 0:
            allocation_decide(
                actor=place.coordinator,
                item=item,
                decision=Decision.ALLOCATE,
                expected_version=item.version,
                lead_practitioner=place.worker if index % 2 else place.second_worker,
                lead_agency=place.council,
                need_level=level(2),
                case_type=case_type(),
            )
        elif index % 3 == 1:
            allocation_decide(
                actor=place.coordinator,
                item=item,
                decision=Decision.DEFER,
                expected_version=item.version,
                reason="Waiting",
            )


@pytest.mark.parametrize("page", ["agenda", "decision", "record", "list", "attendance"])
def test_a_forty_family_meeting_runs_the_same_queries_as_a_five_family_one(
    place, signed_in_client, page
):
    CaseLimit.objects.create(user=place.worker, max_open_cases=10)

    def build(count: int) -> AllocationMeeting:
        for i in range(count):
            case = waiting_case(place.hub, received_days_ago=1 + i % 20)
            if i % 4 == 0:
                StepDown.objects.create(
                    case=case,
                    social_care_reference=f"SC-{i}",
                    summary="x",
                    recorded_by=place.coordinator,
                )
            if i % 5 == 0:
                case.rereferral_of = CaseFactory(family=case.family, state=State.CLOSED)
                case.save()
        meeting = meeting_for(place, held_on=timezone.localdate() - dt.timedelta(days=count))
        _decide_some(place, meeting)
        return meeting

    client = signed_in_client(place.coordinator)

    def url(meeting: AllocationMeeting) -> str:
        item = meeting.items.filter(decision=Decision.PENDING).order_by("position").last()
        return {
            "agenda": f"/allocation-meetings/{meeting.pk}/",
            "decision": f"/allocation-meetings/{meeting.pk}/cases/{item.pk}/",
            "record": f"/allocation-meetings/{meeting.pk}/record/",
            "list": "/allocation-meetings/",
            "attendance": f"/allocation-meetings/{meeting.pk}/attendance/",
        }[page]

    small = build(5)
    at_five = _queries(client, url(small))
    large = build(40)
    at_forty = _queries(client, url(large))
    assert at_forty == at_five, (page, at_five, at_forty)
    if page == "agenda":
        assert len(re.findall(r'id="item-\d+"', client.get(url(large)).content.decode())) >= 40

"""The allocation meeting through its services: the agenda, decisions and what they change."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from cases.access import visible_cases
from cases.agenda import _SOURCES as AGENDA_SOURCES
from cases.agenda import AgendaSource, register
from cases.models import (
    AllocationItem,
    Case,
    CaseLimit,
    ChronologyEntry,
    Decision,
    LeadPractitionerAssignment,
    StepDown,
)
from cases.services import (
    AttendeeDetails,
    allocation_decide,
    allocation_meeting_attendance,
    allocation_meeting_create,
    allocation_meeting_refresh,
)
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import User
from tests.cases.factories import CaseFactory, waiting_case
from tests.cases.places import build_place, case_type, level
from tests.partners.factories import FamilyHubFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return build_place()


def meeting_for(place, **kwargs):
    return allocation_meeting_create(
        actor=place.coordinator,
        zone=place.zone,
        held_on=kwargs.pop("held_on", timezone.localdate()),
        **kwargs,
    )


def allocate(place, item, lead=None, **kwargs):
    return allocation_decide(
        actor=User.objects.get(pk=place.coordinator.pk),
        item=item,
        decision=Decision.ALLOCATE,
        expected_version=item.version,
        lead_practitioner=lead or place.worker,
        lead_agency=place.council,
        need_level=level(3),
        case_type=case_type(),
        **kwargs,
    )


def test_the_agenda_holds_the_cases_waiting_in_the_zone_step_downs_first(place):
    older = waiting_case(place.hub, received_days_ago=9, surname="Adams")
    newer = waiting_case(place.hub, received_days_ago=2, surname="Baker")
    stepped_down = waiting_case(place.hub, received_days_ago=1, surname="Clarke")
    StepDown.objects.create(
        case=stepped_down,
        social_care_reference="SC-1234",
        summary="Closed to social care; family needs support",
        recorded_by=place.coordinator,
    )
    CaseFactory(family__family_hub=place.hub, state=State.SCREENING)  # not yet accepted
    waiting_case(FamilyHubFactory(), surname="Elsewhere")  # another zone

    meeting = meeting_for(place)

    items = list(meeting.items.order_by("position"))
    assert [(i.case, i.source) for i in items] == [
        (stepped_down, "step_down"),
        (older, "new_enquiry"),
        (newer, "new_enquiry"),
    ]
    assert all(i.decision == Decision.PENDING for i in items)


def test_a_registered_agenda_source_brings_its_cases_before_new_enquiries(place):
    identified = waiting_case(place.hub, surname="Data")
    waiting_case(place.hub, surname="Ordinary")
    register(
        AgendaSource(
            "from_this_test",
            "From this test",
            order=5,
            select=lambda meeting, waiting: waiting.filter(pk=identified.pk),
        )
    )
    try:
        meeting = meeting_for(place)
    finally:
        AGENDA_SOURCES.pop("from_this_test")
    first = meeting.items.order_by("position").first()
    assert (first.case, first.source) == (identified, "from_this_test")


def test_refreshing_the_agenda_adds_only_cases_that_started_waiting_since(place):
    waiting_case(place.hub)
    meeting = meeting_for(place)
    assert meeting.items.count() == 1
    later = waiting_case(place.hub)
    assert allocation_meeting_refresh(actor=place.coordinator, meeting=meeting) == 1
    assert allocation_meeting_refresh(actor=place.coordinator, meeting=meeting) == 0
    assert meeting.items.filter(case=later).exists()


def test_only_coordinators_and_managers_of_the_place_plan_its_meetings(place):
    with pytest.raises(ApplicationError, match="Select a zone or family hub you cover"):
        allocation_meeting_create(
            actor=place.other_coordinator, zone=place.zone, held_on=timezone.localdate()
        )
    meeting = meeting_for(place)
    with pytest.raises(PermissionDenied):
        allocation_meeting_refresh(actor=place.other_coordinator, meeting=meeting)


def test_allocating_changes_the_case_its_lead_and_who_can_see_it_in_one_step(place):
    case = waiting_case(place.hub)
    meeting = meeting_for(place)
    item = meeting.items.get()
    assert not visible_cases(place.worker).filter(pk=case.pk).exists()  # not yet theirs

    decided = allocate(place, item, family_preference="Mum would like a woman worker")

    case.refresh_from_db()
    assert case.state == State.ALLOCATED
    assert (case.lead_practitioner, case.lead_agency) == (place.worker, place.council)
    assert case.allocation_level == level(3) and case.case_type == case_type()
    assert visible_cases(User.objects.get(pk=place.worker.pk)).filter(pk=case.pk).exists()
    assert decided.decision == Decision.ALLOCATE and decided.version == item.version + 1
    period = LeadPractitionerAssignment.objects.get(case=case)
    assert period.user == place.worker and period.agency == place.council
    assert period.family_preference == "Mum would like a woman worker"
    assert period.ended_at is None and "allocation meeting" in period.reason


def test_a_decision_typed_up_after_the_meeting_is_dated_when_the_meeting_met(place):
    case = waiting_case(place.hub, received_days_ago=6)
    meeting = meeting_for(
        place, held_on=timezone.localdate() - dt.timedelta(days=2), starts_at=dt.time(9, 30)
    )
    allocate(place, meeting.items.get())
    allocated = case.transitions.get(name="allocate").at
    assert timezone.localtime(allocated).time() == dt.time(9, 30)
    assert timezone.localdate(allocated) == meeting.held_on


def test_allocating_over_the_case_limit_is_warned_not_refused(place):
    CaseLimit.objects.create(user=place.worker, max_open_cases=1)
    CaseFactory(lead_agency=place.council, lead_practitioner=place.worker)
    waiting_case(place.hub)
    meeting = meeting_for(place)
    decided = allocate(place, meeting.items.get())
    assert decided.over_limit is True
    assert decided.case.state == State.ALLOCATED


def test_a_deferred_case_waits_for_the_next_meeting_which_shows_it_was_deferred(place):
    from cases.selectors.allocation import agenda

    case = waiting_case(place.hub)
    first = meeting_for(place, held_on=timezone.localdate() - dt.timedelta(days=7))
    allocation_decide(
        actor=place.coordinator,
        item=first.items.get(),
        decision=Decision.DEFER,
        expected_version=1,
        reason="Waiting to hear from the school nurse",
    )
    case.refresh_from_db()
    assert case.state == State.AWAITING_ALLOCATION
    assert ChronologyEntry.objects.filter(case=case, kind="allocation").exists()

    second = meeting_for(place)
    rows = agenda(user=place.coordinator, meeting=second)
    assert [(r.case, r.earlier_deferrals) for r in rows] == [(case, 1)]


@pytest.mark.parametrize("decision", [Decision.NO_FURTHER_ACTION, Decision.SIGNPOST])
def test_no_further_action_or_signposting_closes_the_case_with_the_reason(place, decision):
    case = waiting_case(place.hub)
    meeting = meeting_for(place)
    allocation_decide(
        actor=place.coordinator,
        item=meeting.items.get(),
        decision=decision,
        expected_version=1,
        reason="The family's needs are met by the school's pastoral support",
    )
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.closure_reason == decision
    assert case.transitions.get(name="close_without_allocation").reason.startswith("The family")


@pytest.mark.parametrize(
    ("decision", "values", "field", "message"),
    [
        (Decision.ALLOCATE, {}, "lead", "Select the lead practitioner"),
        (Decision.ALLOCATE, {"lead": True}, "need_level", "Select the family's level of need"),
        (Decision.DEFER, {}, "reason", "Enter why the decision is deferred"),
        (Decision.SIGNPOST, {}, "reason", "Enter the reason for closing the case"),
        ("", {}, "decision", "Select the meeting's decision"),
    ],
)
def test_a_decision_without_what_it_needs_is_refused_beside_the_field(
    place, decision, values, field, message
):
    waiting_case(place.hub)
    item = meeting_for(place).items.get()
    kwargs = {"lead_practitioner": place.worker, "lead_agency": place.council} if values else {}
    with pytest.raises(ApplicationError) as error:
        allocation_decide(
            actor=place.coordinator, item=item, decision=decision, expected_version=1, **kwargs
        )
    assert error.value.extra[field][0].startswith(message)
    item.refresh_from_db()
    assert item.decision == Decision.PENDING


def test_a_lead_practitioner_must_work_for_the_lead_agency(place):
    waiting_case(place.hub)
    item = meeting_for(place).items.get()
    with pytest.raises(ApplicationError, match="who works for"):
        allocation_decide(
            actor=place.coordinator,
            item=item,
            decision=Decision.ALLOCATE,
            expected_version=1,
            lead_practitioner=place.teacher,
            lead_agency=place.council,
            need_level=level(2),
            case_type=case_type(),
        )


def test_a_decision_already_made_cannot_be_made_again(place):
    waiting_case(place.hub)
    item = meeting_for(place).items.get()
    decided = allocate(place, item)
    with pytest.raises(ApplicationError, match="already decided"):
        allocate(place, decided)


def test_a_decision_from_a_stale_page_is_refused_and_the_first_stands(place):
    waiting_case(place.hub)
    item = meeting_for(place).items.get()
    allocation_decide(
        actor=place.coordinator,
        item=item,
        decision=Decision.DEFER,
        expected_version=1,
        reason="Need more information",
    )
    with pytest.raises(ConcurrentChangeError, match="Someone else recorded a decision"):
        allocate(place, item)  # the page still showed version 1
    item.refresh_from_db()
    assert item.decision == Decision.DEFER


def test_attendance_records_agencies_and_people_replacing_the_last(place):
    meeting = meeting_for(place)
    allocation_meeting_attendance(
        actor=place.coordinator,
        meeting=meeting,
        agencies=[place.council, place.school],
        people=[AttendeeDetails("Sam Patel", "Chair", place.council), AttendeeDetails("  ")],
    )
    allocation_meeting_attendance(
        actor=place.coordinator,
        meeting=meeting,
        agencies=[place.school],
        people=[AttendeeDetails("Jo Reid", "Pastoral lead", place.school)],
    )
    assert list(meeting.agencies.all()) == [place.school]
    assert list(meeting.attendees.values_list("name", "role")) == [("Jo Reid", "Pastoral lead")]
    with pytest.raises(ApplicationError, match="Select the agencies represented"):
        allocation_meeting_attendance(
            actor=place.coordinator, meeting=meeting, agencies=[], people=[]
        )


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deciding_about_the_same_family_at_once_cannot_both_win():
    from cases.reference_data import ensure_reference_data

    ensure_reference_data()
    place = build_place()
    second = User.objects.get(pk=place.manager.pk)
    case = waiting_case(place.hub)
    item = meeting_for(place).items.get()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(who, decision):
        try:
            barrier.wait(timeout=5)
            kwargs = (
                {
                    "lead_practitioner": place.worker,
                    "lead_agency": place.council,
                    "need_level": level(3),
                    "case_type": case_type(),
                }
                if decision == Decision.ALLOCATE
                else {"reason": "Signposted to the parenting course"}
            )
            allocation_decide(
                actor=User.objects.get(pk=who.pk),
                item=item,
                decision=decision,
                expected_version=1,
                case_version=case.version,
                **kwargs,
            )
            outcomes[decision] = "won"
        except ConcurrentChangeError:
            outcomes[decision] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(place.coordinator, Decision.ALLOCATE)),
        threading.Thread(target=decide, args=(second, Decision.SIGNPOST)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes.values()) == ["refused", "won"]
    winner = next(d for d, r in outcomes.items() if r == "won")
    item.refresh_from_db()
    case.refresh_from_db()
    assert item.decision == winner and item.version == 2
    assert case.state == (State.ALLOCATED if winner == Decision.ALLOCATE else State.CLOSED)
    assert case.transitions.filter(to_state__in=[State.ALLOCATED, State.CLOSED]).count() == 1
    assert AllocationItem.objects.count() == 1 and Case.objects.filter(pk=case.pk).exists()

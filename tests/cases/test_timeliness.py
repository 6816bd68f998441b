"""Working-day intervals of a case's steps, from its stored transition dates, checked against
figures worked out by hand across Christmas and Easter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases import timeliness
from cases.models import Case, Decision
from cases.services import (
    allocation_decide,
    allocation_meeting_create,
    case_screen,
    case_transition,
    consent_record,
    enquiry_create,
)
from family_plans.models import TafMeeting
from family_plans.services import (
    MeetingDetails,
    MeetingRecord,
    taf_meeting_cancel,
    taf_meeting_record,
    taf_meeting_schedule,
)
from tests.cases.factories import FamilyFactory, HouseholdMemberFactory
from tests.cases.places import build_place, case_type, level

pytestmark = pytest.mark.django_db

D = dt.date


def at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def journeyed():
    """A family's case: enquiry Mon 15 Dec 2025, screened the next day, allocated at the
    meeting of Wed 7 Jan 2026, assessment started Mon 12 Jan and completed (plan) Thu 9 Apr
    2026, just after Easter."""
    place = build_place()
    family = FamilyFactory(family_hub=place.hub)
    child = HouseholdMemberFactory(family=family).person
    case = enquiry_create(
        actor=place.teacher,
        family=family,
        children=[child],
        concerns="Attendance",
        family_consent="given",
        received_at=at(D(2025, 12, 15), 9),
    )
    case = case_screen(
        actor=place.coordinator,
        case=case,
        outcome="early_help_assessment",
        reason="Needs an assessment",
        at=at(D(2025, 12, 16)),
    )
    consent_record(
        actor=place.coordinator,
        case=case,
        decision="given",
        person=child,
        decided_on=D(2025, 12, 16),
    )
    meeting = allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=D(2026, 1, 7), starts_at=dt.time(10)
    )
    allocation_decide(
        actor=place.coordinator,
        item=meeting.items.get(),
        decision=Decision.ALLOCATE,
        expected_version=1,
        lead_practitioner=place.worker,
        lead_agency=place.council,
        need_level=level(3),
        case_type=case_type(),
    )
    case = case_transition(
        actor=place.worker,
        case=Case.objects.get(pk=case.pk),
        name="start_assessment",
        at=at(D(2026, 1, 12)),
    )
    case_transition(actor=place.worker, case=case, name="start_plan", at=at(D(2026, 4, 9)))
    return case


def test_each_step_is_counted_in_working_days_from_the_stored_dates(journeyed):
    found = timeliness.case_timeliness(Case.objects.filter(pk=journeyed.pk))[journeyed.pk]
    assert (found.received, found.allocated) == (D(2025, 12, 15), D(2026, 1, 7))
    # 16-19 Dec (4), 22-24 Dec (3), 29-31 Dec (3), 2 Jan (1), 5-7 Jan (3): Christmas,
    # Boxing Day and New Year's Day do not count.
    assert found.received_to_allocated == 14
    assert found.allocated_within_target is False
    assert found.allocated_to_assessment_started == 3  # 8, 9 and 12 January
    # 13 Jan to 9 Apr: 4 + ten whole weeks + 30 Mar-2 Apr (4) + 7-9 Apr (3) = 61, without
    # Good Friday (3 Apr) and Easter Monday (6 Apr).
    assert found.assessment_started_to_completed == 61
    assert found.first_taf is None and found.assessment_completed_to_first_taf is None


def _meeting(case: Case, day: dt.date) -> TafMeeting:
    """A TAF meeting arranged by the lead practitioner, who alone is invited."""
    starts = at(day, 10)
    return taf_meeting_schedule(
        actor=case.lead_practitioner,
        case=case,
        details=MeetingDetails(
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            location="Northborough Family Hub",
            online_link="",
            invite=[f"worker:{case.lead_practitioner_id}"],
            others=[],
        ),
    )


def _held(meeting: TafMeeting) -> None:
    taf_meeting_record(
        actor=meeting.case.lead_practitioner,
        meeting=meeting,
        expected_version=meeting.version,
        record=MeetingRecord(
            attendance={i.pk: "attended" for i in meeting.invitees.all()},
            minutes="Agreed what happens next.",
        ),
    )


def test_the_first_taf_meeting_held_comes_from_family_plans_meetings(journeyed):
    # family plans register their meetings when the app starts: nothing to set up here.
    cancelled = _meeting(journeyed, D(2026, 4, 15))
    taf_meeting_cancel(
        actor=journeyed.lead_practitioner,
        meeting=cancelled,
        expected_version=cancelled.version,
        reason="The family were unwell",
    )
    _held(_meeting(journeyed, D(2026, 4, 28)))
    _held(_meeting(journeyed, D(2026, 4, 21)))  # arranged later, but held first
    _meeting(journeyed, D(2026, 4, 20))  # never recorded as held: it does not count

    found = timeliness.case_timeliness(Case.objects.filter(pk=journeyed.pk))[journeyed.pk]

    assert found.first_taf == D(2026, 4, 21)
    assert found.assessment_completed_to_first_taf == 8  # 10, 13-17, 20 and 21 April


def test_timeliness_of_many_cases_takes_a_fixed_number_of_queries(
    journeyed, django_assert_max_num_queries
):
    _held(_meeting(journeyed, D(2026, 4, 21)))
    # The cases, their transitions, and the first TAF meeting held from family plans.
    with django_assert_max_num_queries(3):
        result = timeliness.case_timeliness(Case.objects.all())
    assert journeyed.pk in result

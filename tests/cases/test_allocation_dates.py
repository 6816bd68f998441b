"""A decision cannot be recorded at an allocation meeting that has not happened yet, and
the meeting's date is written as GOV.UK writes dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, CaseTransition, Decision
from earlyhelp.errors import ApplicationError
from tests.cases.places import build_place, case_type, level
from tests.cases.test_work_notices import raised_and_screened

pytestmark = pytest.mark.django_db


def decide(place, meeting, case):  # type: ignore[no-untyped-def]
    item = meeting.items.get(case=case)
    return services.allocation_decide(
        actor=place.coordinator,
        item=item,
        decision=Decision.ALLOCATE,
        expected_version=item.version,
        lead_practitioner=place.worker,
        lead_agency=place.council,
        need_level=level(3),
        case_type=case_type(),
    )


def test_an_allocation_at_a_meeting_three_days_ahead_is_refused():
    place = build_place()
    case = raised_and_screened(place)
    ahead = timezone.localdate() + dt.timedelta(days=3)
    meeting = services.allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=ahead
    )

    with pytest.raises(ApplicationError, match="has not happened yet"):
        decide(place, meeting, case)
    assert Case.objects.get(pk=case.pk).state == "awaiting_allocation"


def test_the_allocation_reason_names_the_meeting_date_in_words():
    place = build_place()
    case = raised_and_screened(place)
    today = timezone.localdate()
    meeting = services.allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=today
    )

    decide(place, meeting, case)

    reason = CaseTransition.objects.get(case=case, name="allocate").reason
    assert f"{today.day} {today:%B %Y}" in reason and "/" not in reason.split("(")[0]

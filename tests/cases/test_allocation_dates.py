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


def test_the_decision_page_of_a_meeting_ahead_warns_and_a_decision_is_refused_beside_its_field(
    signed_in_client,
):
    from tests.cases.factories import waiting_case
    from tests.cases.pages import error_beside

    place = build_place()
    case = waiting_case(place.hub)
    ahead = timezone.localdate() + dt.timedelta(days=3)
    meeting = services.allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=ahead
    )
    item = meeting.items.get()
    url = f"/allocation-meetings/{meeting.pk}/cases/{item.pk}/"
    client = signed_in_client(place.coordinator)
    in_words = f"{ahead.day} {ahead:%B %Y}"

    page = client.get(url).content.decode()
    assert 'id="meeting-ahead"' in page and f"planned for {in_words}" in page

    refused = client.post(
        url,
        {
            "decision": Decision.DEFER,
            "reason": "Waiting for school",
            "version": item.version,
            "case_version": case.version,
        },
    ).content.decode()
    assert "<title>Error: " in refused
    assert error_beside(refused, "id_decision") == (
        f"The meeting of {in_words} has not happened yet. "
        "Record its decisions on the day of the meeting or after it"
    )
    assert "Waiting for school" in refused


def test_a_meeting_names_its_date_in_words():
    place = build_place()
    meeting = services.allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=dt.date(2026, 12, 9)
    )
    assert str(meeting) == f"Allocation meeting, {place.zone.name} zone, 9 December 2026"

"""The managers' sign-off queue and a person's diary of meetings (with its calendar file)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from assessments.services import assessment_start, assessment_submit
from cases.models import CaseTransition
from family_plans.sign_off_queue import sign_off_queue
from partners.roles import Role
from tests.assessments.factories import complete_assessment, family_case
from tests.cases.pages import text_of
from tests.family_plans.factories import InviteeFactory, MeetingFactory
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def submitted(fc):  # type: ignore[no-untyped-def]
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    complete_assessment(assessment, fc.worker)
    return assessment_submit(
        actor=fc.worker, assessment=assessment, expected_version=assessment.version
    )


def test_a_submitted_assessment_waits_in_its_managers_queue_with_its_age_against_target():
    fc = family_case()
    submitted(fc)
    CaseTransition.objects.create(
        case=fc.case,
        name="allocate",
        from_state="awaiting_allocation",
        to_state="allocated",
        actor=fc.manager,
        at=timezone.now() - dt.timedelta(days=60),
    )

    [waiting] = sign_off_queue(user=fc.manager, today=timezone.localdate() + dt.timedelta(days=14))

    assert waiting.kind == "Assessment" and waiting.case == fc.case
    assert waiting.waited >= 8 and waiting.sign_off_late
    assert waiting.past_due(timezone.localdate())


def test_the_sign_off_page_lists_the_work_and_a_practitioner_cannot_open_it(signed_in_client):
    fc = family_case()
    submitted(fc)

    page = signed_in_client(fc.manager).get("/sign-off/")
    refused = signed_in_client(fc.worker).get("/sign-off/")

    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert fc.case.family.name in text and "Assessment" in text
    assert refused.status_code == 403


def test_a_manager_of_another_zone_sees_an_empty_queue(signed_in_client):
    fc = family_case()
    submitted(fc)
    elsewhere = member(Role.MANAGER)

    page = signed_in_client(elsewhere).get("/sign-off/")

    assert "Nothing is waiting for your sign-off" in text_of(page.content.decode())


def test_the_diary_lists_meetings_a_person_is_invited_to_and_downloads_them(signed_in_client):
    fc = family_case()
    invited = MeetingFactory(case=fc.case, organiser=fc.worker)
    InviteeFactory(meeting=invited, user=fc.colleague, kind="worker", name="Colleague")
    MeetingFactory(
        case=fc.case,
        organiser=fc.worker,
        starts_at=timezone.now() + dt.timedelta(weeks=10),
        ends_at=timezone.now() + dt.timedelta(weeks=10, hours=1),
    )
    client = signed_in_client(fc.colleague)

    page = text_of(client.get("/diary/").content.decode())
    calendar = client.get("/diary/my-meetings.ics")

    assert fc.case.reference in page
    events = Calendar.from_ical(calendar.content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [invited.uid]
    assert calendar["Content-Type"].startswith("text/calendar")


def test_a_person_with_no_meetings_is_told_so(signed_in_client):
    page = signed_in_client(member(Role.PRACTITIONER)).get("/diary/")
    assert "You have no meetings in the next 6 weeks" in text_of(page.content.decode())

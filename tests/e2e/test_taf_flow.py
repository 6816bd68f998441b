"""Browser test: a Team Around the Family meeting arranged with the MOJ date picker,
invited (calendar emails), held, minuted, and the plan changes agreed at it applied as a
new version of the plan — axe checks every page on the way."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from earlyhelp.models import OutboxMessage
from family_plans import services
from family_plans.models import MeetingStatus, PlanVersion, TafMeeting
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.family_plans.factories import agreed_plan, planned_case
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):  # type: ignore[no-untyped-def]
    """Other transactional tests empty the database: restore the seeded reference data."""
    from assessments.reference_data import ensure_reference_data

    ensure_reference_data()


@pytest.fixture(autouse=True)
def _no_queue_left(settings):  # type: ignore[no-untyped-def]
    """No worker consumes the test Redis database here: leave its queue empty."""
    import redis

    yield
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


def deliver_invitations() -> None:
    """What the worker does with the invitation messages the outbox holds."""
    for message in OutboxMessage.objects.filter(task=services.INVITATIONS_TASK):
        services.taf_meeting_invitations_deliver(meeting_id=message.args[0])


def test_a_taf_meeting_is_arranged_held_minuted_and_its_plan_changes_applied(page, live_server):
    pc = planned_case()
    plan = agreed_plan(pc, actions=2)
    first, second = plan.actions.order_by("number")
    case = pc.case
    base = live_server.url
    sign_in(page, live_server, pc.worker.email, TEST_PASSWORD)

    page.goto(f"{base}/cases/{case.pk}/meetings/")
    assert page.get_by_role("heading", level=1).inner_text() == "Meetings"
    assert_accessible(page)
    page.get_by_role("link", name="Arrange a Team Around the Family meeting").click()
    assert_title_starts(page, "Arrange a Team Around the Family meeting")
    # The MOJ date picker enhances the date box with a calendar button.
    page.locator(".moj-datepicker").first.locator("button").first.wait_for()
    assert_accessible(page)

    day = timezone.localdate() + dt.timedelta(days=9)
    page.get_by_label("Date of the meeting").fill(f"{day.day}/{day.month}/{day.year}")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("11:30")
    page.get_by_label("Where").fill("Northborough Family Hub, Room 2")
    page.get_by_role("button", name="Add someone else").click()
    page.locator("input[name='others-0-name']").fill("Sam Patel")
    page.locator("input[name='others-0-organisation']").fill("Housing")
    page.locator("input[name='others-0-email']").fill("sam@housing.example")
    assert page.get_by_label("Start time").input_value() == "10:00"  # kept
    assert_accessible(page)
    page.get_by_role("button", name="Arrange the meeting and send invitations").click()
    meeting = TafMeeting.objects.get(case=case)
    page.wait_for_url(f"{base}/cases/{case.pk}/meetings/taf/{meeting.pk}/")
    assert "Meeting arranged" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)

    deliver_invitations()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pc.worker.email, pc.school_worker.email, "sam@housing.example"]
    )
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == meeting.uid
    assert timezone.localtime(event.decoded("dtstart")).hour == 10

    # The day comes (moved into the past here: the test cannot wait nine days).
    TafMeeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=2),
    )
    page.reload()
    page.get_by_role("link", name="Record the meeting").click()
    assert_title_starts(page, "Record the meeting")
    assert_accessible(page)
    page.get_by_role("button", name="Save the record of the meeting").click()
    assert_title_starts(page, "Error: Record the meeting")
    assert "Enter the minutes of the meeting" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    for radio in page.locator("input[type='radio'][value='attended']").all():
        radio.check()
    page.get_by_label("The family's views").fill("Mum says mornings are calmer.")
    page.get_by_label("The child's views").fill("Ada says breakfast club is fun.")
    page.get_by_label("Minutes").fill("We went through every action together.")
    page.get_by_label("Decisions").fill("The school takes over the walk to school.")
    page.locator("input[name='progress_made'][value='yes']").check()
    page.get_by_label("Progress since the last review").fill("On time four days out of five.")
    page.locator(f"select[name='a{second.pk}_status']").select_option("done")
    page.get_by_role("button", name="Save the record of the meeting").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/meetings/taf/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert "We went through every action together." in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Apply the plan changes agreed").click()
    assert_title_starts(page, "Plan changes agreed at the meeting")
    assert_accessible(page)
    page.locator(f"select[name='c{first.pk}_owner']").select_option(f"agency:{pc.school.pk}")
    page.get_by_role("button", name="Add a new action").click()
    page.locator("select[name='new-0-outcome']").select_option(str(plan.outcomes.get().pk))
    page.locator("textarea[name='new-0-what']").fill("Join the homework club on Wednesdays")
    page.locator("select[name='new-0-owner']").select_option(f"family:{pc.adults[0].pk}")
    start, due = timezone.localdate(), timezone.localdate() + dt.timedelta(days=21)
    page.locator("input[name='new-0-start_on']").fill(f"{start.day}/{start.month}/{start.year}")
    page.locator("input[name='new-0-due_on']").fill(f"{due.day}/{due.month}/{due.year}")
    page.get_by_label("What changed in the plan, and why").fill(
        "The school walks Ada to school; homework club added."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Apply the changes to the plan").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/meetings/taf/{meeting.pk}/")
    assert "version 2 of the plan agreed" in page.locator(".govuk-notification-banner").inner_text()
    version = PlanVersion.objects.get(plan=plan, number=2)
    assert version.meeting_id == meeting.pk
    assert_accessible(page)

    page.get_by_role("link", name="Version 2 of the plan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Version 2 (the latest)"
    assert "Join the homework club on Wednesdays" in page.content()
    assert_accessible(page)


def test_the_network_meeting_cancel_and_email_choice_pages_are_accessible(page, live_server):
    pc = planned_case()
    meeting = services.taf_meeting_schedule(
        actor=pc.worker,
        case=pc.case,
        details=services.MeetingDetails(
            starts_at=timezone.now() + dt.timedelta(days=3),
            ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
            location="Family hub",
            invite=[f"worker:{pc.worker.pk}"],
        ),
    )
    base = live_server.url
    sign_in(page, live_server, pc.worker.email, TEST_PASSWORD)

    page.goto(f"{base}/cases/{pc.case.pk}/meetings/network/new/")
    assert_accessible(page)
    page.locator("input[name='response'][value='declined']").check()  # without a reason
    page.get_by_role("button", name="Save", exact=True).click()
    assert_title_starts(page, "Error: Record a family network meeting")
    assert_accessible(page)
    page.get_by_label("If the family declined, why?").fill("Not ready to involve relatives")
    day = timezone.localdate()
    page.get_by_label("Date of the family's answer").fill(f"{day.day}/{day.month}/{day.year}")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base}/cases/{pc.case.pk}/meetings/network/*/")
    assert "Declined" in page.content()
    assert_accessible(page)

    page.goto(f"{base}/cases/{pc.case.pk}/meetings/taf/{meeting.pk}/cancel/")
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the meeting and tell everyone").click()
    assert_title_starts(page, "Error: Cancel the meeting")
    assert_accessible(page)

    page.goto(f"{base}/notifications/settings/")
    assert page.locator("input[type='checkbox'][name='email_kinds']").count() > 5
    assert_accessible(page)

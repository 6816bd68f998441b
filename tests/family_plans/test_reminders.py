"""Daily reminders: each kind falls due when the administrator's timings say, reaches the
right people, and is sent exactly once per object and due date — across two beat runs,
a retried task and two runs at the same moment."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from cases.models import CaseTransition, ConsentRecord
from cases.working_days import add_working_days
from earlyhelp.models import OutboxMessage
from family_plans import reminders
from family_plans.models import PlanAction, PlanSettings, ReminderKind, ReminderSent
from partners.models import Notification, NotificationPreference
from partners.notifications import notification_email_deliver
from tests.assessments.factories import family_case
from tests.cases.factories import ConsentFactory
from tests.family_plans.factories import agreed_plan, days, meeting_details, planned_case

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 17)  # a Wednesday, no bank holiday near


def allocated(case, lead, on: dt.date) -> None:
    CaseTransition.objects.create(
        case=case,
        name="allocate",
        from_state="awaiting_allocation",
        to_state="allocated",
        actor=lead,
        at=timezone.make_aware(dt.datetime.combine(on, dt.time(11))),
    )


def sent(kind: str) -> list[ReminderSent]:
    return list(ReminderSent.objects.filter(kind=kind).select_related("recipient"))


def test_an_assessment_not_signed_off_20_working_days_after_allocation_is_overdue():
    fc = family_case(state="assessment", opened_days_ago=400)
    on = add_working_days(TODAY, -21)
    allocated(fc.case, fc.worker, on)

    reminders.reminders_send(today=TODAY)

    [reminder] = sent(ReminderKind.ASSESSMENT_OVERDUE)
    assert reminder.recipient == fc.worker
    assert reminder.due_on == add_working_days(on, 20)
    notification = reminder.notification
    assert notification.title == f"Case {fc.case.reference}: assessment overdue"
    assert notification.url == f"/cases/{fc.case.pk}/assessment/"


def test_the_assessment_is_not_overdue_on_the_20th_working_day():
    fc = family_case(state="assessment", opened_days_ago=400)
    allocated(fc.case, fc.worker, add_working_days(TODAY, -20))
    reminders.reminders_send(today=TODAY)
    assert sent(ReminderKind.ASSESSMENT_OVERDUE) == []


def test_the_administrators_timings_decide_when_a_reminder_falls_due():
    PlanSettings.objects.create(pk=1, assessment_working_days=30)
    fc = family_case(state="assessment", opened_days_ago=400)
    allocated(fc.case, fc.worker, add_working_days(TODAY, -21))
    reminders.reminders_send(today=TODAY)
    assert sent(ReminderKind.ASSESSMENT_OVERDUE) == []


def test_an_overdue_action_reaches_its_owner_and_the_lead_practitioner_once():
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=2)
    first, second = plan.actions.order_by("number")
    PlanAction.objects.filter(pk=first.pk).update(
        owner_kind="worker", owner_user=pc.school_worker, start_on=days(-30), due_on=days(-2)
    )
    PlanAction.objects.filter(pk=second.pk).update(
        owner_kind="agency",
        owner_user=None,
        owner_agency=pc.school,
        start_on=days(-30),
        due_on=days(-1),
    )

    first_run = reminders.reminders_send()
    second_run = reminders.reminders_send()

    assert first_run[ReminderKind.ACTION_OVERDUE] == 4
    assert second_run[ReminderKind.ACTION_OVERDUE] == 0
    recipients = sorted((r.object_id, r.recipient_id) for r in sent(ReminderKind.ACTION_OVERDUE))
    assert recipients == sorted(
        [
            (first.pk, pc.school_worker.pk),  # its owner
            (first.pk, pc.worker.pk),  # the lead practitioner
            (second.pk, pc.school_worker.pk),  # the owning agency's named worker on the team
            (second.pk, pc.worker.pk),
        ]
    )
    assert Notification.objects.filter(kind=ReminderKind.ACTION_OVERDUE).count() == 4


def test_a_new_due_date_brings_a_new_reminder():
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=1)
    [only] = plan.actions.all()
    PlanAction.objects.filter(pk=only.pk).update(start_on=days(-30), due_on=days(-5))
    reminders.reminders_send()
    PlanAction.objects.filter(pk=only.pk).update(due_on=days(-1))
    reminders.reminders_send()
    assert sorted(r.due_on for r in sent(ReminderKind.ACTION_OVERDUE)) == [days(-5), days(-1)]


def test_a_review_due_soon_without_a_meeting_and_then_overdue():
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc)
    plan.next_review_on = days(5)
    plan.save()
    reminders.reminders_send()
    [due] = sent(ReminderKind.REVIEW_DUE)
    assert due.due_on == days(5)

    plan.next_review_on = days(-1)
    plan.save()
    reminders.reminders_send()
    [overdue] = sent(ReminderKind.REVIEW_OVERDUE)
    assert overdue.recipient == pc.worker


def test_no_review_reminder_when_a_meeting_is_arranged_for_it():
    from family_plans import services

    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc)
    plan.next_review_on = days(6)
    plan.save()
    services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc, in_days=4)
    )
    reminders.reminders_send()
    assert sent(ReminderKind.REVIEW_DUE) == []
    # but everyone invited who works on the case hears the meeting is coming
    soon = sent(ReminderKind.MEETING_SOON)
    assert {r.recipient_id for r in soon} == set()  # 4 days is outside the 2-day notice
    PlanSettings.objects.create(pk=1, meeting_notice_days=5)
    reminders.reminders_send()
    soon = sent(ReminderKind.MEETING_SOON)
    assert {r.recipient_id for r in soon} == {pc.worker.pk, pc.school_worker.pk}


def test_star_readings_fall_due_four_weeks_after_allocation():
    fc = family_case(state="assessment", opened_days_ago=400)
    allocated(fc.case, fc.worker, TODAY - dt.timedelta(days=29))
    reminders.reminders_send(today=TODAY)
    [due] = sent(ReminderKind.STAR_READING_DUE)
    assert due.due_on == TODAY - dt.timedelta(days=1)


def test_consent_due_for_review_reminds_the_lead_practitioner():
    fc = family_case(state="assessment", opened_days_ago=400)
    allocated(fc.case, fc.worker, TODAY - dt.timedelta(days=10))
    record = ConsentFactory(
        case=fc.case, person=fc.adults[0], review_on=TODAY + dt.timedelta(days=10)
    )
    reminders.reminders_send(today=TODAY)
    [due] = sent(ReminderKind.CONSENT_REVIEW_DUE)
    assert (due.object_id, due.due_on) == (record.pk, record.review_on)
    # A newer decision by the same person replaces it: nothing more is due for the old one.
    ConsentFactory(case=fc.case, person=fc.adults[0], review_on=None)
    ReminderSent.objects.all().delete()
    reminders.reminders_send(today=TODAY)
    assert sent(ReminderKind.CONSENT_REVIEW_DUE) == []
    assert ConsentRecord.objects.count() == 2


def test_no_contact_for_28_days_since_allocation_or_the_last_note():
    from cases.models import CaseNote

    fc = family_case(state="assessment", opened_days_ago=400)
    allocated(fc.case, fc.worker, TODAY - dt.timedelta(days=60))
    CaseNote.objects.create(
        case=fc.case,
        note_type="visit",
        contact_date=TODAY - dt.timedelta(days=30),
        text="Home visit",
        author=fc.worker,
    )
    reminders.reminders_send(today=TODAY)
    [due] = sent(ReminderKind.NO_RECENT_CONTACT)
    assert due.due_on == TODAY - dt.timedelta(days=2)


def test_reminders_are_emailed_once_to_those_who_want_them():
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=1)
    PlanAction.objects.filter(plan=plan).update(start_on=days(-30), due_on=days(-2))
    NotificationPreference.objects.create(
        user=pc.worker, kind=ReminderKind.ACTION_OVERDUE, email=False
    )
    PlanAction.objects.filter(plan=plan).update(owner_user=pc.school_worker)

    reminders.reminders_send()
    overdue = Notification.objects.filter(kind=ReminderKind.ACTION_OVERDUE)
    assert overdue.count() == 2  # in the service, both see it
    emails = OutboxMessage.objects.filter(
        task="partners.tasks.notification_email_send",
        args__0__in=list(overdue.values_list("pk", flat=True)),
    )
    assert emails.count() == 1  # the school's worker wants it; the lead practitioner does not
    [task] = emails
    assert notification_email_deliver(notification_id=task.args[0]) is True
    assert notification_email_deliver(notification_id=task.args[0]) is False  # a retry
    assert [m.to for m in mail.outbox] == [[pc.school_worker.email]]
    assert pc.case.family.name not in mail.outbox[0].body


def test_a_retried_reminder_task_sends_nothing_twice():
    """A worker that dies after committing re-runs the whole task: nothing is re-sent."""
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=1)
    PlanAction.objects.filter(plan=plan).update(start_on=days(-30), due_on=days(-2))
    from family_plans.tasks import send_reminders

    first = send_reminders.apply().get()
    retried = send_reminders.apply(retries=1).get()
    assert first[ReminderKind.ACTION_OVERDUE] == 1
    assert retried[ReminderKind.ACTION_OVERDUE] == 0
    assert Notification.objects.filter(kind=ReminderKind.ACTION_OVERDUE).count() == 1


def test_a_reminder_claimed_elsewhere_meanwhile_rolls_back_its_notification():
    """Between finding what is due and sending it, another run sent it: the unique key
    refuses the second claim and its notification goes with it."""
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=1)
    PlanAction.objects.filter(plan=plan).update(start_on=days(-30), due_on=days(-2))
    due = list(reminders.actions_overdue(timezone.localdate(), PlanSettings.current()))
    [item] = due
    assert reminders.reminder_send(item, pc.worker) is True
    assert reminders.reminder_send(item, pc.worker) is False
    assert Notification.objects.filter(kind=ReminderKind.ACTION_OVERDUE).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_the_same_moment_send_each_reminder_once():
    from assessments.reference_data import ensure_reference_data

    ensure_reference_data()
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=3)
    PlanAction.objects.filter(plan=plan).update(start_on=days(-30), due_on=days(-2))
    barrier = threading.Barrier(2)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(reminders.reminders_send())
        except BaseException as exc:  # pragma: no cover - shown by the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(r[ReminderKind.ACTION_OVERDUE] for r in results) == 3
    assert ReminderSent.objects.filter(kind=ReminderKind.ACTION_OVERDUE).count() == 3
    assert Notification.objects.filter(kind=ReminderKind.ACTION_OVERDUE).count() == 3

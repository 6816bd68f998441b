"""Resilience with the real thing: a Redis this test stops and starts again, and a real
Celery worker (a subprocess) on it and on the test database.

- Work enqueued while Redis is stopped is kept in the outbox and delivered after Redis
  restarts (the worker reconnects by itself; the drain publishes what waited).
- Pages keep answering quickly while Redis is down.
- Reminders sent through the worker go once, however many times beat runs them.
- A task whose worker dies before finishing it is delivered again to another worker
  (acknowledged late; restored after the broker's visibility timeout).
"""

import datetime as dt
import re
import time

import pytest
from django.db import transaction
from django.utils import timezone

from earlyhelp import outbox
from earlyhelp.celery import app
from earlyhelp.models import OutboxMessage
from family_plans.models import MeetingInvitee, PlanAction, ReminderKind, ReminderSent
from partners.models import Notification
from partners.notifications import notify
from partners.roles import Role
from tests.family_plans.brokers import RedisServer, Worker, use_broker, wait_for
from tests.family_plans.factories import agreed_plan, days, planned_case
from tests.partners.factories import member

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def worker(redis_server):
    running = Worker(redis_server.url)
    running.start()
    running.wait_until_ready()
    yield running
    running.stop()


def succeeded(worker: Worker, task: str) -> int:
    return len(re.findall(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", worker.output()))


def test_a_task_enqueued_while_redis_is_stopped_is_delivered_after_it_restarts(
    redis_server, worker
):
    user = member(Role.PRACTITIONER)
    with use_broker(redis_server.url):
        redis_server.stop()

        started = time.monotonic()
        with transaction.atomic():
            [notification] = notify(
                recipients=[user], kind="action_overdue", title="Action 3 overdue"
            )
        took = time.monotonic() - started

        assert took < 2, f"committing waited {took:.2f}s on a broker that is down"
        message = OutboxMessage.objects.get(task="partners.tasks.notification_email_send")
        assert message.published_at is None and message.last_error

        redis_server.start()
        report = outbox.drain()  # what beat's drain (or manage.py drain_outbox) does

        assert report.published == 1 and not report.failed
        wait_for(
            lambda: Notification.objects.filter(
                pk=notification.pk, emailed_at__isnull=False
            ).exists(),
            timeout=90,
            what=f"the worker to email the notification:\n{worker.output()[-3000:]}",
        )
        assert succeeded(worker, "partners.tasks.notification_email_send") == 1


def test_pages_keep_answering_quickly_while_redis_is_down_and_invitations_follow(
    redis_server, worker, signed_in_client
):
    pc = planned_case()
    client = signed_in_client(pc.worker)
    day = timezone.localdate() + dt.timedelta(days=5)
    with use_broker(redis_server.url):
        redis_server.stop()

        timings = {}
        started = time.monotonic()
        response = client.post(
            f"/cases/{pc.case.pk}/meetings/taf/new/",
            {
                "date": f"{day.day}/{day.month}/{day.year}",
                "start_time": "10:00",
                "end_time": "11:00",
                "location": "Northborough Family Hub",
                "team": [f"worker:{pc.worker.pk}", f"worker:{pc.school_worker.pk}"],
                "others-TOTAL_FORMS": "0",
                "others-INITIAL_FORMS": "0",
            },
        )
        timings["arrange a meeting"] = time.monotonic() - started
        assert response.status_code == 302
        for name, url in (
            ("meeting", response["Location"]),
            ("plan", f"/cases/{pc.case.pk}/plan/"),
            ("meetings", f"/cases/{pc.case.pk}/meetings/"),
            ("notifications", "/notifications/"),
        ):
            started = time.monotonic()
            assert client.get(url).status_code == 200
            timings[name] = time.monotonic() - started
        assert max(timings.values()) < 2, timings
        invitees = MeetingInvitee.objects.filter(meeting__case=pc.case)
        assert set(invitees.values_list("sent_sequence", flat=True)) == {-1}

        redis_server.start()
        assert outbox.drain().published >= 1
        wait_for(
            lambda: set(invitees.values_list("sent_sequence", flat=True)) == {0},
            timeout=90,
            what=f"the worker to send the invitations:\n{worker.output()[-3000:]}",
        )


def test_reminders_go_once_however_many_times_beat_runs_them(redis_server, worker):
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=3)
    PlanAction.objects.filter(plan=plan).update(start_on=days(-30), due_on=days(-2))
    task = "family_plans.tasks.send_reminders"
    with use_broker(redis_server.url):
        for _ in range(3):  # beat ran it, then again (twice restarted), all queued together
            app.send_task(task, ignore_result=True)
        wait_for(
            lambda: succeeded(worker, task) == 3,
            timeout=120,
            what=f"three reminder runs:\n{worker.output()[-3000:]}",
        )
    overdue = ReminderSent.objects.filter(kind=ReminderKind.ACTION_OVERDUE)
    assert overdue.count() == 3  # three actions, the lead practitioner owns them all
    assert Notification.objects.filter(kind=ReminderKind.ACTION_OVERDUE).count() == 3


def test_a_task_whose_worker_dies_mid_task_is_delivered_again_and_done_once(redis_server):
    user = member(Role.PRACTITIONER)
    fast = {"CELERY_VISIBILITY_TIMEOUT": "4"}  # restore unacknowledged work after 4 s
    with use_broker(redis_server.url), transaction.atomic():
        [notification] = notify(recipients=[user], kind="action_overdue", title="Overdue")
    assert OutboxMessage.objects.get().published_at is not None  # queued; no worker yet

    first = Worker(redis_server.url, extra_env=fast)
    second = Worker(redis_server.url, extra_env=fast)
    try:
        # Hold the notification's row, so the first worker blocks inside the task.
        with transaction.atomic():
            Notification.objects.select_for_update().get(pk=notification.pk)
            first.start()
            first.wait_until_ready()
            wait_for(
                lambda: "Task partners.tasks.notification_email_send" in first.output(),
                timeout=30,
                what=f"the first worker to take the task:\n{first.output()[-2000:]}",
            )
            taken = time.monotonic()
            time.sleep(0.5)
            first.kill()
        assert Notification.objects.get(pk=notification.pk).emailed_at is None

        # A starting worker restores unacknowledged messages older than the visibility
        # timeout at once (and then only every few minutes): start it after that.
        time.sleep(max(0.0, taken + 4 + 1.5 - time.monotonic()))

        second.start()
        second.wait_until_ready()
        wait_for(
            lambda: Notification.objects.filter(
                pk=notification.pk, emailed_at__isnull=False
            ).exists(),
            timeout=90,
            what=f"the second worker to do the task again:\n{second.output()[-3000:]}",
        )
        assert succeeded(second, "partners.tasks.notification_email_send") == 1
        assert succeeded(first, "partners.tasks.notification_email_send") == 0
    finally:
        first.stop()
        second.stop()

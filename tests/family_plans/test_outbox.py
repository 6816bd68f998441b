"""The transactional outbox: work written with the change is published after commit, kept
when the broker is down (without holding the page up), and drained when it is back."""

import json
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from earlyhelp import outbox
from earlyhelp.models import OutboxMessage
from tests.family_plans.brokers import free_port, use_broker

pytestmark = pytest.mark.django_db

TASK = "earlyhelp.tasks.drain_outbox"  # any registered task name will do


@pytest.fixture(autouse=True)
def _empty_queue(settings):  # type: ignore[no-untyped-def]
    """No worker consumes the test Redis database: leave its queue as it was found."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete("celery")
    yield
    client.delete("celery")


def queued_ids(redis_url: str) -> list[str]:
    import redis

    client = redis.Redis.from_url(redis_url)
    return [json.loads(raw)["headers"]["id"] for raw in client.lrange("celery", 0, -1)]


def test_work_enqueued_in_a_transaction_that_rolls_back_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(TASK)
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0


def test_after_commit_the_message_is_published_to_the_broker_and_marked(
    django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox.enqueue(TASK, 41, reason="test")
    message.refresh_from_db()
    assert message.published_at is not None
    assert message.attempts == 1
    assert message.task_id in queued_ids(settings.CELERY_BROKER_URL)
    assert (message.args, message.kwargs) == ([41], {"reason": "test"})


def test_with_the_broker_down_the_commit_is_quick_and_the_message_waits(
    django_capture_on_commit_callbacks,
):
    down = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with use_broker(down):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            first = outbox.enqueue(TASK)
        took = time.monotonic() - started
        with django_capture_on_commit_callbacks(execute=True):
            second = outbox.enqueue(TASK)
    assert took < 1.5
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.published_at is None and first.attempts == 1 and first.last_error
    # This process now leaves publishing to the drain: the second did not even try.
    assert second.published_at is None and second.attempts == 0
    assert outbox.broker_marked_down()


def test_the_drain_publishes_what_waited_once_the_broker_is_back(settings):
    waiting = [OutboxMessage.objects.create(task=TASK, args=[n]) for n in range(3)]
    outbox._mark_broker_down()

    report = outbox.drain()

    assert (report.published, report.failed, report.pending) == (3, False, 0)
    assert not outbox.broker_marked_down()
    ids = queued_ids(settings.CELERY_BROKER_URL)
    assert all(m.task_id in ids for m in waiting)


def test_the_drain_stops_at_the_first_failure_and_keeps_the_rest():
    for n in range(3):
        OutboxMessage.objects.create(task=TASK, args=[n])
    with use_broker(f"redis://127.0.0.1:{free_port()}/0"):
        report = outbox.drain()
    assert (report.published, report.failed, report.pending) == (0, True, 3)
    assert list(OutboxMessage.objects.order_by("id").values_list("attempts", flat=True)) == [
        1,
        0,
        0,
    ]


def test_the_drain_command_says_what_it_did(capsys):
    OutboxMessage.objects.create(task=TASK)
    call_command("drain_outbox")
    assert "Published 1; 0 still pending." in capsys.readouterr().out


def test_published_messages_are_deleted_after_a_week():
    old = OutboxMessage.objects.create(
        task=TASK, published_at=timezone.now() - timezone.timedelta(days=8)
    )
    recent = OutboxMessage.objects.create(
        task=TASK, published_at=timezone.now() - timezone.timedelta(days=1)
    )
    outbox.drain()
    assert not OutboxMessage.objects.filter(pk=old.pk).exists()
    assert OutboxMessage.objects.filter(pk=recent.pk).exists()

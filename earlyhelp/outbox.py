"""Enqueue background work so that it is never lost, and never holds up a page.

    enqueue("partners.tasks.notification_email_send", notification.pk)

writes an OutboxMessage in the caller's transaction (earlyhelp/models.py). Then:

- after the transaction commits, the row is published to the broker at once, best
  effort: a short connect timeout, no retries. If the broker does not answer, the page
  carries on and this process stops trying for OUTBOX_RETRY_AFTER seconds, so a Redis
  outage costs at most one short wait per process, not one per request;
- `drain()` publishes every row still pending, oldest first. Beat runs it every minute
  (earlyhelp.tasks.drain_outbox) and `manage.py drain_outbox` runs it by hand. Rows are
  claimed with SELECT ... FOR UPDATE SKIP LOCKED, so several drains never publish the
  same row at the same time.

Delivery is at least once: a row published just before a crash can be published again.
Every task enqueued this way must therefore be idempotent (each one checks what it has
already done before doing it). Published rows are deleted after OUTBOX_KEEP_DAYS.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from earlyhelp import request_id
from earlyhelp.models import OutboxMessage

logger = logging.getLogger(__name__)

BATCH = 100

_broker_down_until = 0.0
_lock = threading.Lock()


def _retry_after() -> float:
    return float(getattr(settings, "OUTBOX_RETRY_AFTER", 30))


def broker_marked_down() -> bool:
    """True while this process is leaving publishing to the drain after a failure."""
    return time.monotonic() < _broker_down_until


def _mark_broker_down() -> None:
    global _broker_down_until
    with _lock:
        _broker_down_until = time.monotonic() + _retry_after()


def reset_broker_state() -> None:
    """Forget an earlier failure: the next commit publishes straight away."""
    global _broker_down_until
    with _lock:
        _broker_down_until = 0.0


def enqueue(task: str, *args: Any, **kwargs: Any) -> OutboxMessage:
    """Record `task(*args, **kwargs)` to run after the current transaction commits.

    Arguments must be JSON: pass ids, never model instances.
    """
    message = OutboxMessage.objects.create(
        task=task, args=list(args), kwargs=kwargs, request_id=request_id.current()
    )
    transaction.on_commit(lambda: publish_after_commit([message.pk]), robust=True)
    return message


def publish(message: OutboxMessage) -> None:
    """Send one message to the broker now, failing fast (no retries) if it is down."""
    from earlyhelp.celery import app

    with request_id.bound(message.request_id or request_id.current()):
        app.send_task(
            message.task,
            args=message.args,
            kwargs=message.kwargs,
            task_id=message.task_id,
            ignore_result=True,
            retry=False,
        )


def publish_after_commit(ids: Sequence[int]) -> int:
    """Best effort, straight after commit. Anything not published waits for the drain."""
    if broker_marked_down():
        return 0
    return _publish_rows(ids=list(ids)).published


@dataclass(frozen=True)
class DrainReport:
    published: int
    failed: bool  # the broker refused a message; the rest wait for the next drain
    pending: int


def drain(*, limit: int = 10_000) -> DrainReport:
    """Publish pending messages, oldest first, until none are left or the broker fails."""
    published = 0
    failed = False
    while published < limit:
        report = _publish_rows(ids=None, batch=min(BATCH, limit - published))
        published += report.published
        if report.failed:
            failed = True
            break
        if report.published < BATCH:
            break
    if not failed:
        reset_broker_state()
    _purge_published()
    pending = OutboxMessage.objects.filter(published_at__isnull=True).count()
    return DrainReport(published=published, failed=failed, pending=pending)


def _publish_rows(*, ids: list[int] | None, batch: int = BATCH) -> DrainReport:
    """Claim, publish and mark one batch of pending rows in one short transaction."""
    done: list[int] = []
    failed = False
    with transaction.atomic():
        rows = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            published_at__isnull=True
        )
        if ids is not None:
            rows = rows.filter(pk__in=ids)
        for message in list(rows.order_by("id")[:batch]):
            try:
                publish(message)
            except Exception as exc:  # the broker is down or refused it: keep the row
                failed = True
                _mark_broker_down()
                logger.warning("outbox: could not publish %s: %s", message, exc)
                OutboxMessage.objects.filter(pk=message.pk).update(
                    attempts=F("attempts") + 1, last_error=str(exc)[:1000]
                )
                break
            done.append(message.pk)
        if done:
            OutboxMessage.objects.filter(pk__in=done).update(
                published_at=timezone.now(), attempts=F("attempts") + 1
            )
    return DrainReport(published=len(done), failed=failed, pending=0)


def _purge_published() -> int:
    keep_days = int(getattr(settings, "OUTBOX_KEEP_DAYS", 7))
    cutoff = timezone.now() - dt.timedelta(days=keep_days)
    deleted, _ = OutboxMessage.objects.filter(published_at__lt=cutoff).delete()
    return deleted

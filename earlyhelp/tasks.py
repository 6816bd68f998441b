"""Celery tasks of the project package: draining the outbox, forgetting idempotency keys."""

from __future__ import annotations

from celery import shared_task

from earlyhelp import idempotency, outbox


@shared_task(acks_late=True, ignore_result=True)
def drain_outbox() -> int:
    """Every minute (beat): publish outbox messages still waiting for the broker."""
    return outbox.drain().published


@shared_task(ignore_result=True)
def purge_idempotency_keys() -> int:
    """Hourly (beat): forget create requests answered more than a day ago."""
    return idempotency.purge()

"""Celery tasks of the project package: draining the transactional outbox."""

from __future__ import annotations

from celery import shared_task

from earlyhelp import outbox


@shared_task(acks_late=True, ignore_result=True)
def drain_outbox() -> int:
    """Every minute (beat): publish outbox messages still waiting for the broker."""
    return outbox.drain().published

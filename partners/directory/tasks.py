"""Celery tasks of the directory: thin and idempotent."""

from __future__ import annotations

from celery import shared_task

from partners.directory.reminders import review_reminders_send


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(Exception,), retry_backoff=True)
def send_review_reminders() -> int:
    """Remind curators of entries six months old (each review's reminder once)."""
    return review_reminders_send()

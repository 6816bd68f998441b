"""Celery tasks of the partners app: emailing notifications. Thin and idempotent."""

from __future__ import annotations

from celery import shared_task

from partners import notifications


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def notification_email_send(notification_id: int) -> bool:
    """Email one notification; does nothing if it was emailed already."""
    return notifications.notification_email_deliver(notification_id=notification_id)

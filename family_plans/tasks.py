"""Celery tasks of family plans: thin, idempotent wrappers around services.

Each checks what it has already done before doing it, so a task delivered twice (a
retry, a worker that died before acknowledging it, the outbox publishing it again)
sends nothing twice.
"""

from __future__ import annotations

from celery import shared_task

from family_plans import reminders, services


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(Exception,), retry_backoff=True)
def send_reminders() -> dict[str, int]:
    """Daily (beat): every reminder due and not yet sent, once each."""
    return reminders.reminders_send()


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def taf_meeting_invitations_send(meeting_id: int) -> int:
    """Email each invitee the latest invitation or the cancellation they have not had."""
    return services.taf_meeting_invitations_deliver(meeting_id=meeting_id)

"""Celery tasks of identity: thin wrappers around services, idempotent."""

from __future__ import annotations

from celery import shared_task

from identity.services import invitations, password_reset, sessions


@shared_task(ignore_result=True)
def purge_expired_sessions() -> int:
    """Nightly (beat): remove sessions past their idle or absolute timeout."""
    return sessions.sessions_purge_expired()


_EMAIL_RETRIES = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(**_EMAIL_RETRIES)
def invitation_email_send(invitation_id: int, nonce: str) -> bool:
    """Email one invitation link; does nothing if that link was emailed already."""
    return invitations.invitation_email_deliver(invitation_id=invitation_id, nonce=nonce)


@shared_task(**_EMAIL_RETRIES)
def password_reset_email_send(request_id: int) -> bool:
    """Email one password reset link; does nothing if it was emailed already."""
    return password_reset.password_reset_email_deliver(request_id=request_id)

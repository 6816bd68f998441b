"""Celery tasks of the cases app: thin, idempotent wrappers around services."""

from __future__ import annotations

from celery import shared_task

from cases import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def remove_expired_grants() -> int:
    """Daily: delete per-person case grants whose period has ended."""
    return services.grants_remove_expired()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def end_shares_on_expired_agreements() -> int:
    """Daily: end the shares whose information sharing agreement has passed its end date."""
    return services.shares_end_on_expired_agreements()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def audit_checkpoint() -> int | None:
    """Every AUDIT_CHECKPOINT_MINUTES: sign the audit chain's head (cases/audit_checkpoints)."""
    from cases.audit_checkpoints import audit_checkpoint_write

    checkpoint = audit_checkpoint_write()
    return checkpoint.pk if checkpoint else None

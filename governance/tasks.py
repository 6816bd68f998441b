"""Celery tasks of information governance: thin, idempotent wrappers around services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def gather_subject_access(sar_id: int) -> str:
    from governance.sar import sar_gather

    sar = sar_gather(sar_id=sar_id)
    return sar.status if sar else "skipped"


@shared_task(acks_late=True)
def list_retention_due() -> int:
    """The daily job: list what the retention schedule has made due."""
    from governance.retention import retention_list_due

    return len(retention_list_due().listed)


@shared_task(acks_late=True)
def apply_retention() -> int:
    """Anonymise what the officer approved (also run after each approval)."""
    from governance.permissions import SYSTEM
    from governance.retention import retention_apply

    return len(retention_apply(actor=SYSTEM).done)

"""Email the family's sign-in links (thin wrappers around the services, idempotent)."""

from __future__ import annotations

from celery import shared_task

from family_view.services.sign_in import sign_in_link_deliver


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def sign_in_link_send(link_id: int, first: bool = False) -> bool:
    """Email one sign-in link; does nothing if it was emailed already."""
    return sign_in_link_deliver(link_id=link_id, first=first)

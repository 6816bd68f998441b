"""Celery tasks of documents: the virus scan, queued through the outbox at upload."""

from __future__ import annotations

from celery import shared_task

from documents import services
from documents.scanning import ScannerUnavailable


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(ScannerUnavailable,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=12,
)
def document_scan(document_id: int) -> str:
    """Scan one document; a document already scanned is left alone (at-least-once
    delivery). While clamd is down the task retries, and the document stays "scan
    pending", so it is never served unscanned by accident."""
    document = services.document_scan(document_id=document_id)
    return document.scan_state if document else "gone"

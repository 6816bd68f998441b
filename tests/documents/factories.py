"""Documents for tests, made through the upload service (as in real life) or as rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cases.models import Case, NoteVisibility
from documents import services
from documents.models import Document, DocumentType, ScanState
from tests.documents.files import pdf_bytes, upload


def uploaded(
    *,
    actor: Any,
    case: Case,
    name: str = "consent.pdf",
    content: bytes | None = None,
    visibility: str = NoteVisibility.EVERYONE,
    readers: list[Any] | None = None,
    scanned: bool = True,
    description: str = "Signed consent form",
) -> Document:
    """One document uploaded by `actor`; scanned at once by the real clamd unless not."""
    [document] = services.document_upload(
        actor=actor,
        case=case,
        files=[upload(name, content if content is not None else pdf_bytes())],
        document_type=DocumentType.CONSENT_FORM,
        document_date=timezone.localdate() - dt.timedelta(days=1),
        description=description,
        visibility=visibility,
        readers=readers or [],
    )
    if scanned:
        services.document_scan(document_id=document.pk)
        document.refresh_from_db()
    return document


def clean_document(*, actor: Any, case: Case, **kwargs: Any) -> Document:
    document = uploaded(actor=actor, case=case, **kwargs)
    assert document.scan_state == ScanState.CLEAN
    return document

"""What documents' services do to a case, as typed events (see cases/events.py)."""

from __future__ import annotations

from enum import unique

from cases.events import CaseEventType, EventSpec
from cases.models.audit import AuditAction


@unique
class DocumentEvent(CaseEventType):
    DOCUMENT_ADDED = EventSpec("document", AuditAction.CREATE, "a document uploaded")
    DOCUMENT_QUARANTINED = EventSpec(
        "document_quarantined", AuditAction.UPDATE, "a virus found in a document: quarantined"
    )

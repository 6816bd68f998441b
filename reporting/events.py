"""What reporting's services do to a case, as types (cases/events.py)."""

from __future__ import annotations

from enum import unique

from cases.events import CaseEventType, EventSpec
from cases.models.audit import AuditAction


@unique
class ReportingEvent(CaseEventType):
    CASE_FILE_AUDIT_COMPLETED = EventSpec(
        "case_file_audit", AuditAction.UPDATE, "case file audit completed"
    )
    EVIDENCE_AUDITED = EventSpec(
        "supporting_families", AuditAction.UPDATE, "Supporting Families evidence audited"
    )
    CLAIM_MADE = EventSpec("supporting_families", AuditAction.CREATE, "Supporting Families claim")

"""What the assessment services do to a case, as types (cases/events.py)."""

from __future__ import annotations

from enum import unique

from cases.events import CaseEventType, EventSpec
from cases.models.audit import AuditAction


@unique
class AssessmentEvent(CaseEventType):
    STARTED = EventSpec("assessment", AuditAction.CREATE, "assessment started")
    SUBMITTED = EventSpec("assessment", AuditAction.TRANSITION, "submitted for sign-off")
    SIGNED_OFF = EventSpec("assessment", AuditAction.TRANSITION, "assessment signed off")
    RETURNED = EventSpec("assessment", AuditAction.TRANSITION, "returned with comments")
    RECORDED_FROM_HISTORY = EventSpec(
        "assessment", AuditAction.CREATE, "signed-off assessment entered from outside"
    )
    OUTCOME_PROGRESS = EventSpec("outcomes", AuditAction.CREATE, "progress on a headline problem")
    STAR_READING = EventSpec("star", AuditAction.CREATE, "Outcome Star reading recorded")
    MEASURE_READING = EventSpec("measure", AuditAction.CREATE, "measure recorded")

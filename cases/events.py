"""Case events as types: what can happen to a case, and the one call that records it.

Each app declares the things its services do to a case as an enum of `CaseEventType`
(this module for cases; assessments/events.py, family_plans/events.py,
reporting/events.py). A member names the chronology line it adds (`kind`, which the
chronology's filters and icons read) and the audit action it records, so the
chronology's vocabulary is declared in one place per app rather than spread through
services as strings. `case_event_record` writes both, in the caller's transaction:

    case_event_record(
        event=CaseEvent.FEEDBACK_RECORDED, case=case, actor=actor, obj=feedback,
        title="Family feedback at closure", description=...,
    )
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum, unique
from typing import Any

from cases import timeline
from cases.audit import audit_record
from cases.models import Case, CaseNote, ChronologyEntry
from cases.models.audit import AuditAction


@dataclass(frozen=True)
class EventSpec:
    """The chronology line (`kind`) and the audit entry (`action`) of one event."""

    kind: str
    action: AuditAction
    what: str  # what happened, for people reading the declaration


class CaseEventType(Enum):
    """The base of every app's enum of case events."""

    _value_: EventSpec

    @property
    def kind(self) -> str:
        return self.value.kind

    @property
    def action(self) -> AuditAction:
        return self.value.action


@unique
class CaseEvent(CaseEventType):
    """What the case app's own services do to a case."""

    TRANSITION = EventSpec("transition", AuditAction.TRANSITION, "moved on in the workflow")
    ENQUIRY_RECEIVED = EventSpec("enquiry", AuditAction.CREATE, "enquiry received")
    REREFERRAL = EventSpec("rereferral", AuditAction.CREATE, "re-referral within 12 months")
    CONSENT_RECORDED = EventSpec("consent", AuditAction.CREATE, "consent decision recorded")
    INFORMATION_SHARED = EventSpec("share", AuditAction.SHARE, "information shared")
    SHARED = EventSpec("share", AuditAction.CREATE, "case shared with an agency")
    SHARE_ENDED = EventSpec("share", AuditAction.UPDATE, "sharing with an agency ended")
    TEAM_JOINED = EventSpec("team", AuditAction.CREATE, "joined the Team Around the Family")
    TEAM_LEFT = EventSpec("team", AuditAction.UPDATE, "left the Team Around the Family")
    NOTE_RECORDED = EventSpec("note", AuditAction.CREATE, "case note recorded")
    ACCESS_GRANTED = EventSpec("grant", AuditAction.GRANT, "access granted for a period")
    RECORD_CORRECTED = EventSpec("record", AuditAction.UPDATE, "a person's details corrected")
    HOUSEHOLD_JOINED = EventSpec("record", AuditAction.CREATE, "a person joined the household")
    RETURN_CODES_RECORDED = EventSpec("record", AuditAction.UPDATE, "codes for returns recorded")
    LEAD_CHANGED = EventSpec("lead", AuditAction.UPDATE, "lead practitioner changed")
    STEPPED_ACROSS = EventSpec(
        "step_across", AuditAction.CREATE, "stepped across to child protection"
    )
    ALLOCATION_DEFERRED = EventSpec(
        "allocation", AuditAction.UPDATE, "allocation deferred at a meeting"
    )
    FEEDBACK_RECORDED = EventSpec("feedback", AuditAction.CREATE, "family feedback recorded")


def case_event_record(
    *,
    event: CaseEventType,
    case: Case,
    actor: Any,
    title: str,
    description: str = "",
    at: dt.datetime | None = None,
    url: str = "",
    note: CaseNote | None = None,
    obj: Any = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> ChronologyEntry:
    """Add the event's line to the case's chronology and its entry to the audit log.

    Call it inside the service's transaction, after the change it records: the audit
    entry is written last, as every audit entry is. `obj` is what the entry is about
    (the case itself when None)."""
    entry = timeline.event_add(
        case=case,
        kind=event.kind,
        title=title,
        description=description,
        actor=actor,
        note=note,
        url=url,
        at=at,
    )
    audit_record(actor=actor, action=event.action, obj=obj, case=case, reason=reason, detail=detail)
    return entry

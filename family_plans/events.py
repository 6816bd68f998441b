"""What the family plan and meeting services do to a case, as types (cases/events.py).

Each member names its chronology line and its audit action; services record both with
`cases.events.case_event_record`, or add the line alone with its `kind` where the
service's own audit entry covers more than the one line.
"""

from __future__ import annotations

from enum import unique

from cases.events import CaseEventType, EventSpec
from cases.models.audit import AuditAction


@unique
class PlanEvent(CaseEventType):
    PLAN_AGREED = EventSpec("plan", AuditAction.UPDATE, "family plan agreed or changed")
    PLAN_FROM_HISTORY = EventSpec("plan", AuditAction.CREATE, "plan entered from outside")
    PLAN_REVIEWED = EventSpec("review", AuditAction.CREATE, "plan reviewed")
    MEETING_ARRANGED = EventSpec("meeting", AuditAction.CREATE, "TAF meeting arranged")
    MEETING_MOVED = EventSpec("meeting", AuditAction.UPDATE, "TAF meeting moved")
    MEETING_CANCELLED = EventSpec("meeting", AuditAction.UPDATE, "TAF meeting cancelled")
    MEETING_HELD = EventSpec("meeting", AuditAction.UPDATE, "TAF meeting held")
    NETWORK_MEETING_OFFERED = EventSpec(
        "network_meeting", AuditAction.CREATE, "family network meeting offered"
    )
    NETWORK_MEETING_ANSWERED = EventSpec(
        "network_meeting", AuditAction.UPDATE, "family network meeting accepted or declined"
    )
    NETWORK_MEETING_HELD = EventSpec(
        "network_meeting", AuditAction.UPDATE, "family network meeting held"
    )

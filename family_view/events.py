"""What the family does, on the audit log and the case's chronology.

Every page a family member opens and every change they make is an audit entry whose
actor is their access's own user row (so `AuditEntry.user` names them, never the lead
practitioner) with the access in the detail. What they add also goes on the case's
chronology, under the kind "family", so the practitioner's chronology shows it.
"""

from __future__ import annotations

from enum import unique
from typing import Any

from django.urls import reverse

from cases import timeline
from cases.audit import audit_record
from cases.events import CaseEventType, EventSpec
from cases.models.audit import AuditAction
from family_view.models import FamilyAccess


@unique
class FamilyEvent(CaseEventType):
    """What the family's section does to a case, as types (cases/events.py)."""

    ACCESS_GIVEN = EventSpec("family", AuditAction.GRANT, "family member invited online")
    ACCESS_WITHDRAWN = EventSpec("family", AuditAction.UPDATE, "family member's access ended")
    VIEW_ADDED = EventSpec("family", AuditAction.CREATE, "the family's view added")
    ACTION_DONE = EventSpec("family", AuditAction.UPDATE, "own action marked done")
    FEEDBACK_GIVEN = EventSpec("family", AuditAction.CREATE, "feedback at closure given")


CHRONOLOGY_KIND = FamilyEvent.VIEW_ADDED.kind
NOTIFICATION_KIND = "family_online"


def _detail(access: FamilyAccess, extra: dict[str, Any] | None) -> dict[str, Any]:
    return {"family_member": access.pk, "person": access.person_id, **(extra or {})}


def page_viewed(*, access: FamilyAccess, page: str) -> None:
    audit_record(
        actor=access.actor,
        action=AuditAction.VIEW,
        case=access.case,
        detail=_detail(access, {"page": page}),
    )


def recorded(
    *,
    access: FamilyAccess,
    action: AuditAction,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
    chronology: str = "",
    description: str = "",
    notice: str = "",
) -> None:
    """One change by the family: the chronology line (if any), the lead practitioner's
    notification (if `notice`: what happened, in words with no names) and the audit
    entry."""
    if chronology:
        timeline.event_add(
            case=access.case,
            kind=CHRONOLOGY_KIND,
            actor=access.actor,
            title=chronology,
            description=description,
        )
    lead = access.case.lead_practitioner
    if notice and lead is not None:
        from partners.notifications import notify

        notify(
            recipients=[lead],
            kind=NOTIFICATION_KIND,
            title=f"Case {access.case.reference}: {notice}",
            body=f"See the Family online tab of case {access.case.reference}.",
            url=reverse("family-online-tab", kwargs={"case_id": access.case_id}),
        )
    audit_record(
        actor=access.actor,
        action=action,
        obj=obj,
        case=access.case,
        detail=_detail(access, detail),
    )

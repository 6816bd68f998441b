"""The practitioner brings the family's view into a meeting's minutes."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cases.access import refuse_if_closed, require
from cases.audit import audit_record
from cases.capabilities import Action
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from family_plans.models import TafMeeting
from family_plans.models.meetings import MeetingStatus
from family_view.models import FamilyContribution
from partners.models import User


def contribution_into_minutes(*, actor: User, contribution: FamilyContribution) -> TafMeeting:
    """Add the family's words to "The family's views" of the meeting they wrote them
    for (or the next one arranged), where the minutes of the meeting record them."""
    case = contribution.case
    refuse_if_closed(actor, Action.ADD_NOTE, case, "the minutes can no longer be changed")
    require(actor, Action.ADD_NOTE, case)
    meeting = contribution.meeting
    if meeting is None or meeting.status == MeetingStatus.CANCELLED:
        meeting = (
            TafMeeting.objects.filter(case=case, status=MeetingStatus.SCHEDULED)
            .order_by("starts_at")
            .first()
        )
    if meeting is None:
        raise ApplicationError("Arrange a Team Around the Family meeting first")
    with transaction.atomic():
        locked = FamilyContribution.objects.select_for_update().get(pk=contribution.pk)
        if locked.brought_into_minutes_at is not None:
            raise ApplicationError("This view is already in the minutes")
        meeting = TafMeeting.objects.select_for_update().get(pk=meeting.pk)
        words = f"{locked.access.person.full_name} (added online): {locked.text}"
        meeting.family_views = "\n\n".join(p for p in (meeting.family_views.strip(), words) if p)
        meeting.save(update_fields=["family_views"])
        TafMeeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
        locked.brought_into_minutes_at = timezone.now()
        locked.brought_by = actor
        locked.meeting = meeting
        locked.save(update_fields=["brought_into_minutes_at", "brought_by", "meeting"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=meeting,
            case=case,
            detail={"family_view": locked.pk},
        )
    return meeting

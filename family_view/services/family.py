"""What a family member does in their section. Each function takes their current
access (the views get it from the session, through `family_view.selectors`), writes in
one transaction, and leaves the chronology line and the audit entry with the family
member as the actor (family_view/events.py)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cases.models import FamilyFeedback
from cases.models.audit import AuditAction
from cases.models.journey import FeedbackKind
from cases.services.family_consent import consent_record_by_family_member
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from family_plans.models import PlanAction
from family_plans.models.plans import OPEN_ACTION_STATUSES, ActionStatus
from family_plans.services.common import _lock_plan, _touch
from family_view import events
from family_view.models import FamilyAccess, FamilyContribution
from family_view.selectors import consent_agency, next_meeting, own_action

MAX_VIEW_LENGTH = 5000


def _refuse_if_closed(access: FamilyAccess, what: str) -> None:
    if access.case.state == State.CLOSED:
        raise ApplicationError(f"Your family's case has closed, so {what}")


def contribution_add(*, access: FamilyAccess, text: str) -> FamilyContribution:
    """The family's own words before the next review or meeting."""
    _refuse_if_closed(access, "you can no longer add your views here")
    text = text.strip()
    if not text:
        raise ApplicationError("Enter your views", {"text": ["Enter your views"]})
    if len(text) > MAX_VIEW_LENGTH:
        raise ApplicationError(
            "Your views must be 5,000 characters or fewer",
            {"text": ["Your views must be 5,000 characters or fewer"]},
        )
    with transaction.atomic():
        contribution = FamilyContribution.objects.create(
            case=access.case, access=access, meeting=next_meeting(access=access), text=text
        )
        events.recorded(
            access=access,
            action=AuditAction.CREATE,
            obj=contribution,
            chronology=f"The family's view, from {access.person.full_name}",
            description=text,
            notice="the family added their view",
        )
    return contribution


def action_mark_done(*, access: FamilyAccess, action_id: int) -> PlanAction:
    """Mark one of the family member's own actions done."""
    _refuse_if_closed(access, "the plan can no longer be changed")
    action = own_action(access=access, action_id=action_id)
    with transaction.atomic():
        # The plan, then the action: the order family_plans' own action_update locks in.
        plan = _lock_plan(action.plan)
        locked = PlanAction.objects.select_for_update().get(pk=action.pk)
        if locked.status not in OPEN_ACTION_STATUSES:
            raise ApplicationError("This action is already marked as done or dropped")
        locked.status = ActionStatus.DONE
        locked.completed_on = timezone.localdate()
        locked.version += 1
        locked.updated_at = timezone.now()
        locked.updated_by = access.actor
        locked.save()
        # A status is progress, not a change to what was agreed (as in action_update).
        _touch(plan, content_changed=False)
        events.recorded(
            access=access,
            action=AuditAction.UPDATE,
            obj=locked,
            detail={"status": ActionStatus.DONE},
            chronology=f"{access.person.full_name} marked action {locked.number} as done",
            description=locked.what,
            notice=f"the family marked action {locked.number} as done",
        )
    return locked


def consent_decide(*, access: FamilyAccess, agency_id: int, decision: str) -> None:
    """Give, refuse or withdraw consent for one agency: the cases app's consent service
    shares the case or ends the shares that relied on this person's consent."""
    _refuse_if_closed(access, "consent can no longer be changed here")
    agency = consent_agency(access=access, agency_id=agency_id)
    with transaction.atomic():
        record = consent_record_by_family_member(
            actor=access.actor,
            case=access.case,
            person=access.person,
            agency=agency,
            decision=decision,
        )
        events.recorded(
            access=access,
            action=AuditAction.UPDATE,
            obj=record,
            detail={"agency": agency.pk, "decision": decision},
            notice="the family changed who can see their information",
        )


def feedback_give(
    *, access: FamilyAccess, timely_and_helpful: bool | None, comments: str
) -> FamilyFeedback:
    """At closure, the family member's own answer to "was the help timely and helpful?"."""
    if access.case.state not in (State.CLOSING, State.CLOSED):
        raise ApplicationError("You can tell us about the help when your case is closing")
    if timely_and_helpful is None:
        raise ApplicationError("Select yes or no", {"timely_and_helpful": ["Select yes or no"]})
    with transaction.atomic():
        feedback = FamilyFeedback.objects.create(
            case=access.case,
            kind=FeedbackKind.CLOSURE,
            timely_and_helpful=timely_and_helpful,
            comments=comments.strip()[:MAX_VIEW_LENGTH],
            lead_practitioner_id=access.case.lead_practitioner_id,
            given_on=timezone.localdate(),
            reference=f"online:{access.pk}",
            recorded_by=access.actor,
        )
        answer = "yes" if timely_and_helpful else "no"
        events.recorded(
            access=access,
            action=AuditAction.CREATE,
            obj=feedback,
            chronology=f"Family feedback at closure, from {access.person.full_name}",
            description=f"Help timely and helpful: {answer}. {comments.strip()}".strip(),
            notice="the family gave their feedback",
        )
    return feedback

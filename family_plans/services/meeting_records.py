# mypy: disallow-untyped-defs
"""Recording a Team Around the Family meeting, and the plan changes agreed at it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases.access import Action, require
from cases.audit import audit_record
from cases.events import case_event_record
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from family_plans.events import PlanEvent
from family_plans.models import (
    Attendance,
    FamilyPlan,
    InviteeKind,
    MeetingInvitee,
    MeetingStatus,
    PlanAction,
    PlanOutcome,
    PlanStatus,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors import default_next_review, owner_choices
from family_plans.services.actions import (
    ActionDetails,
    _apply_status,
    _check_action,
    _check_status,
    _next_action_number,
    _notify_owners,
)
from family_plans.services.common import (
    MEETING_STATES,
    Owner,
    _check_plan_state,
    _lock_plan,
    _meeting_url,
    _owner,
    _set_owner,
    _state_label,
    _touch,
)
from family_plans.services.meetings import _lock_meeting
from family_plans.services.plans import _agree_locked
from family_plans.services.reviews import (
    ReviewDetails,
    _check_review,
    _review_actions,
    _review_locked,
)
from partners.models import User


@dataclass
class MeetingRecord:
    attendance: Mapping[int, str]  # invitee id -> Attendance
    minutes: str
    family_views: str = ""
    child_views: str = ""
    decisions: str = ""
    next_review_on: dt.date | None = None
    review: ReviewDetails | None = None  # progress at the meeting, when the plan is agreed


def taf_meeting_record(
    *, actor: User, meeting: TafMeeting, expected_version: int, record: MeetingRecord
) -> TafMeeting:
    """Record a meeting that was held: who came, the family's and the child's views,
    minutes and decisions, progress on the plan (a review) and the next review date."""
    case = meeting.case
    require(actor, Action.WORK, case)
    if case.state not in MEETING_STATES:
        raise ApplicationError(
            f"You cannot record a meeting while the case is '{_state_label(case)}'"
        )
    held_on = timezone.localdate(meeting.starts_at)
    errors: dict[str, list[str]] = {}
    if meeting.starts_at > timezone.now():
        errors["__all__"] = ["You can record the meeting once it has started"]
    invitees = list(MeetingInvitee.objects.filter(meeting=meeting, removed_at__isnull=True))
    for invitee in invitees:
        if record.attendance.get(invitee.pk) not in (
            Attendance.ATTENDED,
            Attendance.APOLOGIES,
            Attendance.DID_NOT_ATTEND,
        ):
            errors[f"i{invitee.pk}"] = [f"Select whether {invitee.name} attended"]
    if not record.minutes.strip():
        errors["minutes"] = ["Enter the minutes of the meeting"]
    if record.next_review_on is not None and record.next_review_on <= held_on:
        errors["next_review_on"] = ["The next review must be after the meeting"]
    if errors:
        raise ApplicationError("Check the record of the meeting", errors)
    with transaction.atomic():
        locked = _lock_meeting(meeting, expected_version)
        if not locked.is_scheduled:
            raise ApplicationError(
                "This meeting has already been recorded"
                if locked.is_held
                else "A cancelled meeting cannot be recorded"
            )
        plan = FamilyPlan.objects.filter(case=case).first()
        next_review_on = record.next_review_on or default_next_review(held_on)
        if plan is not None:
            plan = _lock_plan(plan)
        if plan is not None and plan.agreed_version and record.review is not None:
            review = ReviewDetails(
                reviewed_on=held_on,
                progress_made=record.review.progress_made,
                note=record.review.note,
                updates=record.review.updates,
                next_review_on=next_review_on,
                feedback=record.review.feedback,
            )
            actions = _review_actions(plan, review.updates)
            _check_review(case, review, actions)
            _review_locked(actor=actor, plan=plan, details=review, actions=actions, meeting=locked)
        elif plan is not None:
            plan.next_review_on = next_review_on
            plan.save(update_fields=["next_review_on"])
        for invitee in invitees:
            invitee.attendance = record.attendance[invitee.pk]
        MeetingInvitee.objects.bulk_update(invitees, ["attendance"])
        locked.status = MeetingStatus.HELD
        locked.minutes = record.minutes.strip()
        locked.family_views = record.family_views.strip()
        locked.child_views = record.child_views.strip()
        locked.decisions = record.decisions.strip()
        locked.next_review_on = next_review_on
        locked.recorded_at = timezone.now()
        locked.recorded_by = actor
        locked.version += 1
        locked.save()
        came = sum(1 for i in invitees if i.attendance == Attendance.ATTENDED)
        progress = ""
        if record.review is not None and plan is not None and plan.agreed_version:
            progress = "; progress made" if record.review.progress_made else "; no progress made"
        case_event_record(
            event=PlanEvent.MEETING_HELD,
            case=case,
            actor=actor,
            obj=locked,
            title=f"TAF meeting held ({came} attended{progress})",
            description=(locked.decisions or locked.minutes)[:500],
            url=_meeting_url(locked),
            at=locked.starts_at,
            detail={"status": "held", "attended": came},
        )
    return locked


@dataclass
class ActionChange:
    action_id: int
    due_on: dt.date | None
    owner: str
    status: str
    dropped_reason: str = ""


@dataclass
class NewAction:
    outcome_id: int | None
    details: ActionDetails


def taf_meeting_plan_changes_apply(
    *,
    actor: User,
    meeting: TafMeeting,
    expected_plan_version: int,
    changes: Sequence[ActionChange],
    new_actions: Sequence[NewAction],
    summary: str,
) -> PlanVersion:
    """Apply the plan changes agreed at a meeting and agree them: a new plan version
    linked to the meeting. Errors are keyed 'c<action id>_<field>' and 'new-<n>-<field>'."""
    case = meeting.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    if not meeting.is_held:
        raise ApplicationError("Record the meeting before you apply the changes made at it")
    plan = FamilyPlan.objects.filter(case=case).first()
    if plan is None:
        raise ApplicationError("Start the family's plan before you change it")
    if not summary.strip():
        raise ApplicationError(
            "Enter what changed in the plan", {"summary": ["Enter what changed in the plan"]}
        )
    allowed = dict(owner_choices(case))
    errors: dict[str, list[str]] = {}
    new_owners: list[Owner] = []
    for n, new in enumerate(new_actions):
        found, owner = _check_action(new.details, allowed, prefix=f"new-{n}-")
        if new.outcome_id is None:
            found[f"new-{n}-outcome"] = ["Select the outcome the action is for"]
        errors.update(found)
        if owner is not None:
            new_owners.append(owner)
    for change in changes:
        prefix = f"c{change.action_id}_"
        if change.due_on is None:
            errors[f"{prefix}due_on"] = ["Enter the date it is due"]
        if _owner(change.owner, allowed) is None:
            errors[f"{prefix}owner"] = ["Select who will do it"]
        _check_status(errors, prefix, "the action", change.status, change.dropped_reason)
    if errors:
        raise ApplicationError("Check the changes to the plan", errors)
    held_on = timezone.localdate(meeting.starts_at)
    with transaction.atomic():
        locked = _lock_plan(plan, expected_plan_version)
        actions = {
            a.pk: a
            for a in PlanAction.objects.select_for_update().filter(
                plan=locked, pk__in=[c.action_id for c in changes]
            )
        }
        outcomes = {o.pk: o for o in PlanOutcome.objects.filter(plan=locked)}
        changed: list[PlanAction] = []
        reassigned: list[PlanAction] = []
        for change in changes:
            action = actions.get(change.action_id)
            if action is None:
                raise ApplicationError("Change the actions of this plan only")
            owner = _owner(change.owner, allowed)
            assert owner is not None and change.due_on is not None  # noqa: S101
            if change.due_on < action.start_on:
                raise ApplicationError(
                    "Check the changes to the plan",
                    {
                        f"c{action.pk}_due_on": [
                            "The due date must be the same as or after the start date"
                        ]
                    },
                )
            before = (action.due_on, action.owner_key, action.status, action.dropped_reason)
            new_owner = action.owner_key != change.owner
            action.due_on = change.due_on
            _set_owner(action, owner)
            _apply_status(action, change.status, change.dropped_reason, held_on)
            if before != (action.due_on, action.owner_key, action.status, action.dropped_reason):
                action.version += 1
                action.updated_at = timezone.now()
                action.updated_by = actor
                action.save()
                changed.append(action)
                if new_owner:
                    reassigned.append(action)
        number = _next_action_number(locked)
        made: list[PlanAction] = []
        for n, (new, owner) in enumerate(zip(new_actions, new_owners, strict=True)):
            outcome = outcomes.get(new.outcome_id or 0)
            if outcome is None:
                raise ApplicationError(
                    "Check the changes to the plan",
                    {f"new-{n}-outcome": ["Select an outcome of this plan"]},
                )
            assert new.details.start_on is not None and new.details.due_on is not None  # noqa: S101
            action = PlanAction(
                plan=locked,
                outcome=outcome,
                number=number + n,
                what=new.details.what.strip(),
                start_on=new.details.start_on,
                due_on=new.details.due_on,
                updated_by=actor,
            )
            _set_owner(action, owner)
            action.save()
            made.append(action)
        if changed or made:
            _touch(locked, content_changed=True)
        elif locked.status == PlanStatus.AGREED:
            raise ApplicationError(
                "Change at least one action, or add one, before you apply the changes",
                {"__all__": ["Change at least one action, or add one"]},
            )
        attended = ", ".join(
            i.name
            for i in MeetingInvitee.objects.filter(
                meeting=meeting, kind=InviteeKind.FAMILY, attendance=Attendance.ATTENDED
            )
        )
        version = _agree_locked(
            actor=actor,
            plan=locked,
            agreed_on=held_on,
            agreed_with=attended,
            summary=summary,
            next_review_on=meeting.next_review_on,
            meeting=meeting,
        )
        _notify_owners(actor, case, [*reassigned, *made])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=version,
            case=case,
            detail={
                "meeting": meeting.pk,
                "changed": [a.number for a in changed],
                "added": [a.number for a in made],
            },
        )
    return version

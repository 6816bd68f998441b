"""A family plan and its meetings kept elsewhere, entered afterwards."""

# mypy: disallow-untyped-defs

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import timeline
from cases.access import Action, require
from cases.events import case_event_record
from cases.models import Case
from earlyhelp.errors import ApplicationError
from family_plans.events import PlanEvent
from family_plans.models import (
    ActionStatus,
    Attendance,
    FamilyPlan,
    InviteeKind,
    MeetingInvitee,
    MeetingStatus,
    PlanAction,
    PlanOutcome,
    PlanReview,
    PlanStatus,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors import (
    default_next_review,
    owner_choices,
)
from family_plans.services.actions import ActionDetails, _apply_status, _check_action, _check_status
from family_plans.services.common import (
    Owner,
    _check_date,
    _meeting_url,
    _moment,
    _set_owner,
)
from family_plans.services.plans import OutcomeDetails, _snapshot
from partners.models import User

# ------------------------------------------------------------------ a plan kept elsewhere


@dataclass
class HistoryAction:
    outcome: int  # the position of its outcome in PlanHistory.outcomes
    details: ActionDetails
    status: str = ActionStatus.DONE
    dropped_reason: str = ""


@dataclass
class HistoryMeeting:
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    minutes: str
    attendees: Sequence[tuple[str, str, str]]  # (name, agency or relationship, Attendance)
    decisions: str = ""
    family_views: str = ""
    child_views: str = ""
    progress_made: bool = True
    progress_note: str = ""


@dataclass
class PlanHistory:
    agreed_on: dt.date
    outcomes: Sequence[OutcomeDetails]
    actions: Sequence[HistoryAction]
    meetings: Sequence[HistoryMeeting] = ()
    agreed_with: str = ""
    children_views: str = ""


def family_plan_record_history(*, actor: User, case: Case, history: PlanHistory) -> FamilyPlan:
    """Enter a family plan and its Team Around the Family meetings kept elsewhere (on paper,
    or in the council's previous system), as a manager — also for a case already closed.

    The plan is recorded as agreed on its date (version 1, as it stands at the end), each
    meeting as held, with attendance, minutes and a review of the plan.
    """
    require(actor, Action.SIGN_OFF, case)
    errors: dict[str, list[str]] = {}
    _check_date(errors, "agreed_on", "Date agreed", history.agreed_on, case)
    allowed = dict(owner_choices(case, past_team=True))
    owners: list[Owner] = []
    for n, item in enumerate(history.actions):
        found, owner = _check_action(item.details, allowed, prefix=f"actions-{n}-")
        if not 0 <= item.outcome < len(history.outcomes):
            found[f"actions-{n}-outcome"] = ["Select the outcome the action is for"]
        _check_status(found, f"actions-{n}-", f"action {n + 1}", item.status, item.dropped_reason)
        errors.update(found)
        if owner is not None:
            owners.append(owner)
    now = timezone.now()
    for n, held in enumerate(history.meetings):
        if held.starts_at > now or held.ends_at <= held.starts_at:
            errors[f"meetings-{n}-starts_at"] = [
                "A meeting recorded afterwards must be in the past"
            ]
    if not history.outcomes or not history.actions:
        errors["__all__"] = ["Add at least one outcome with an action"]
    if errors:
        raise ApplicationError("Check the plan", errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
        if FamilyPlan.objects.filter(case=locked).exists():
            raise ApplicationError("This family already has a plan")
        plan = FamilyPlan.objects.create(
            case=locked, created_by=actor, children_views=history.children_views.strip()
        )
        outcomes = []
        for number, details in enumerate(history.outcomes, start=1):
            outcome = PlanOutcome.objects.create(
                plan=plan,
                number=number,
                wanted=details.wanted.strip(),
                whose_words=details.whose_words.strip(),
                success_looks_like=details.success_looks_like.strip(),
                need_keys=list(details.need_keys),
                updated_by=actor,
            )
            outcome.headline_problems.set(list(details.headline_problem_ids))
            outcomes.append(outcome)
        actions = []
        for number, (item, owner) in enumerate(zip(history.actions, owners, strict=True), 1):
            assert item.details.start_on is not None and item.details.due_on is not None  # noqa: S101
            action = PlanAction(
                plan=plan,
                outcome=outcomes[item.outcome],
                number=number,
                what=item.details.what.strip(),
                start_on=item.details.start_on,
                due_on=item.details.due_on,
                updated_by=actor,
            )
            _set_owner(action, owner)
            _apply_status(action, item.status, item.dropped_reason, item.details.due_on)
            action.save()
            actions.append(action)
        snapshot, voice = _snapshot(plan)
        last_review = history.agreed_on
        for meeting_history in history.meetings:
            held_on = timezone.localdate(meeting_history.starts_at)
            meeting = TafMeeting.objects.create(
                case=locked,
                status=MeetingStatus.HELD,
                starts_at=meeting_history.starts_at,
                ends_at=meeting_history.ends_at,
                location=meeting_history.location,
                organiser=locked.lead_practitioner or actor,
                minutes=meeting_history.minutes,
                decisions=meeting_history.decisions,
                family_views=meeting_history.family_views,
                child_views=meeting_history.child_views,
                next_review_on=default_next_review(held_on),
                recorded_at=now,
                recorded_by=actor,
            )
            MeetingInvitee.objects.bulk_create(
                MeetingInvitee(
                    meeting=meeting,
                    kind=InviteeKind.OTHER,
                    name=name,
                    organisation=organisation,
                    attendance=attendance,
                )
                for name, organisation, attendance in meeting_history.attendees
            )
            PlanReview.objects.create(
                plan=plan,
                meeting=meeting,
                reviewed_on=held_on,
                progress_made=meeting_history.progress_made,
                note=meeting_history.progress_note or meeting_history.minutes,
                next_review_on=meeting.next_review_on,
                recorded_by=actor,
            )
            came = sum(1 for a in meeting_history.attendees if a[2] == Attendance.ATTENDED)
            timeline.event_add(
                case=locked,
                kind=PlanEvent.MEETING_HELD.kind,
                actor=actor,
                title=f"TAF meeting held ({came} attended; "
                + ("progress made)" if meeting_history.progress_made else "no progress made)"),
                description=(meeting_history.decisions or meeting_history.minutes)[:500],
                url=_meeting_url(meeting),
                at=meeting.starts_at,
            )
            last_review = max(last_review, held_on)
        next_review_on = default_next_review(last_review)
        snapshot["next_review_on"] = next_review_on.isoformat()
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            agreed_on=history.agreed_on,
            agreed_by=actor,
            agreed_with=history.agreed_with.strip(),
            summary="Entered from a plan kept outside this system.",
            snapshot=snapshot,
            child_voice_recorded=voice,
        )
        plan.agreed_version = 1
        plan.status = PlanStatus.AGREED
        plan.next_review_on = next_review_on
        plan.save(update_fields=["agreed_version", "status", "next_review_on"])
        case_event_record(
            event=PlanEvent.PLAN_FROM_HISTORY,
            case=locked,
            actor=actor,
            obj=plan,
            title="Family plan agreed (version 1)",
            description="Entered from a plan kept outside this system.",
            url=reverse("plan-version", kwargs={"case_id": locked.pk, "number": 1}),
            at=_moment(history.agreed_on),
            detail={"recorded_from_history": True, "meetings": len(history.meetings)},
        )
    return plan

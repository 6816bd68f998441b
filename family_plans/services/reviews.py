# mypy: disallow-untyped-defs
"""Reviews of the plan: the progress of each action, the family's feedback, and the next
review date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import timeline
from cases.access import Action, require
from cases.audit import audit_record
from cases.models import Case, FeedbackKind
from cases.models.audit import AuditAction
from cases.services import family_feedback_record
from earlyhelp.errors import ApplicationError
from family_plans.events import PlanEvent
from family_plans.models import ActionProgress, FamilyPlan, PlanAction, PlanReview, TafMeeting
from family_plans.selectors import default_next_review
from family_plans.services.actions import _apply_status, _check_status
from family_plans.services.common import _check_date, _check_plan_state, _lock_plan, _moment
from partners.models import User


@dataclass
class ActionUpdate:
    action_id: int
    status: str
    note: str = ""
    dropped_reason: str = ""


@dataclass
class ReviewFeedback:
    """What the family said at the review about the help and about working with their
    lead practitioner. cases/ keeps it beside the feedback given at closure, so the
    family's view of the relationship can be followed from review to review to the end."""

    timely_and_helpful: bool | None = None  # None: the family did not answer
    comments: str = ""
    about_lead_practitioner: str = ""


@dataclass
class ReviewDetails:
    reviewed_on: dt.date | None
    progress_made: bool | None
    note: str
    updates: Sequence[ActionUpdate] = ()
    next_review_on: dt.date | None = None
    feedback: ReviewFeedback | None = None  # None: the family was not asked this time


def _check_review(case: Case, details: ReviewDetails, actions: Mapping[int, PlanAction]) -> None:
    errors: dict[str, list[str]] = {}
    _check_date(errors, "reviewed_on", "Date of the review", details.reviewed_on, case)
    if details.progress_made is None:
        errors["progress_made"] = ["Select whether the family has made progress"]
    if not details.note.strip():
        errors["note"] = ["Enter the progress since the last review"]
    if (
        details.next_review_on is not None
        and details.reviewed_on is not None
        and details.next_review_on <= details.reviewed_on
    ):
        errors["next_review_on"] = ["The next review must be after this review"]
    for update in details.updates:
        action = actions.get(update.action_id)
        if action is None:
            errors["__all__"] = ["Review the actions of this plan only"]
            continue
        _check_status(
            errors,
            f"a{action.pk}_",
            f"action {action.number}",
            update.status,
            update.dropped_reason,
        )
    if errors:
        raise ApplicationError("Check the review", errors)


def _review_locked(
    *,
    actor: User,
    plan: FamilyPlan,
    details: ReviewDetails,
    actions: Mapping[int, PlanAction],
    meeting: TafMeeting | None = None,
) -> PlanReview:
    assert details.reviewed_on is not None  # noqa: S101 - checked by _check_review
    review = PlanReview.objects.create(
        plan=plan,
        meeting=meeting,
        reviewed_on=details.reviewed_on,
        progress_made=bool(details.progress_made),
        note=details.note.strip(),
        next_review_on=details.next_review_on or default_next_review(details.reviewed_on),
        recorded_by=actor,
    )
    progress = []
    for update in details.updates:
        action = actions[update.action_id]
        previous = action.status
        if _apply_status(action, update.status, update.dropped_reason, details.reviewed_on):
            action.version += 1
            action.updated_at = timezone.now()
            action.updated_by = actor
            action.save()
        progress.append(
            ActionProgress(
                review=review,
                action=action,
                previous_status=previous,
                status=update.status,
                note=update.note.strip(),
            )
        )
    ActionProgress.objects.bulk_create(progress)
    if details.feedback is not None:
        family_feedback_record(
            actor=actor,
            case=plan.case,
            kind=FeedbackKind.REVIEW,
            timely_and_helpful=details.feedback.timely_and_helpful,
            comments=details.feedback.comments,
            about_lead_practitioner=details.feedback.about_lead_practitioner,
            given_on=review.reviewed_on,
            reference=f"family_plans.PlanReview:{review.pk}",
        )
    plan.next_review_on = review.next_review_on
    plan.version += 1
    plan.updated_at = timezone.now()
    plan.save(update_fields=["next_review_on", "version", "updated_at"])
    if meeting is None:
        timeline.event_add(
            case=plan.case,
            kind=PlanEvent.PLAN_REVIEWED.kind,
            actor=actor,
            title="Plan reviewed: "
            + ("progress made" if review.progress_made else "no progress made"),
            description=review.note[:500],
            url=reverse("plan-review", kwargs={"case_id": plan.case_id, "review_id": review.pk}),
            at=_moment(review.reviewed_on),
        )
    return review


def _review_actions(plan: FamilyPlan, updates: Sequence[ActionUpdate]) -> dict[int, PlanAction]:
    return {
        a.pk: a
        for a in PlanAction.objects.select_for_update().filter(
            plan=plan, pk__in=[u.action_id for u in updates]
        )
    }


def family_plan_review_record(
    *, actor: User, plan: FamilyPlan, details: ReviewDetails
) -> PlanReview:
    """Record a review of the plan: progress on each action and whether the family made
    progress at all (drift counts reviews without). Sets the next review date. The
    family's feedback, when they were asked, is recorded with the review in the same
    transaction (cases.services.family_feedback_record), naming the review it was given at."""
    case = plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    if not plan.agreed_version:
        raise ApplicationError("Agree the plan with the family before you review it")
    with transaction.atomic():
        locked = _lock_plan(plan)
        actions = _review_actions(locked, details.updates)
        _check_review(case, details, actions)
        review = _review_locked(actor=actor, plan=locked, details=details, actions=actions)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=review, case=case)
    return review

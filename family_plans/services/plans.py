"""The plan: starting it, outcomes, actions, agreeing versions, reviews."""

# mypy: disallow-untyped-defs

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.selectors import assessed_needs, latest_signed_off_assessment
from cases import timeline
from cases.access import Action, require
from cases.audit import audit_record
from cases.models import Case, FeedbackKind
from cases.models.audit import AuditAction
from cases.selectors import case_team
from cases.services import case_transition, family_feedback_record
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from earlyhelp.versioning import lock_version, save_new_version
from family_plans.events import PlanEvent
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    ActionProgress,
    ActionStatus,
    FamilyPlan,
    OutcomeStatus,
    OwnerKind,
    PlanAction,
    PlanOutcome,
    PlanReview,
    PlanStatus,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors import (
    child_voices,
    default_next_review,
    owner_choices,
    owns_action,
    problem_choices,
)
from family_plans.services.common import (
    ACTION_KIND,
    PLAN_KIND,
    PLAN_STATES,
    Owner,
    _check_date,
    _check_plan_state,
    _day,
    _lock_plan,
    _moment,
    _owner,
    _plan_url,
    _set_owner,
    _stale,
    _state_label,
    _touch,
)
from partners.models import User
from partners.notifications import notify

# ------------------------------------------------------------------ starting and outcomes


def plan_start(*, actor: User, case: Case) -> FamilyPlan:
    """Start the case's family plan as a draft (one plan per case)."""
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if FamilyPlan.objects.filter(case=locked).exists():
            raise ApplicationError("This family already has a plan: add to it instead")
        plan = FamilyPlan.objects.create(case=locked, created_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=plan, case=locked)
    return plan


@dataclass
class OutcomeDetails:
    wanted: str
    whose_words: str = ""
    success_looks_like: str = ""
    need_keys: Sequence[str] = ()
    headline_problem_ids: Sequence[int] = ()


def _check_outcome(case: Case, details: OutcomeDetails) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not details.wanted.strip():
        errors["wanted"] = ["Enter what the family wants, in their words"]
    needs = {need.key for need in assessed_needs(case)}
    if any(key not in needs for key in details.need_keys):
        errors["need_keys"] = ["Select needs from the family's assessment"]
    problems = {p.id for p in problem_choices(case)}
    if any(pk not in problems for pk in details.headline_problem_ids):
        errors["headline_problems"] = ["Select the family's own headline problems"]
    if not details.need_keys and not details.headline_problem_ids and (needs or problems):
        errors["need_keys"] = ["Select the needs or headline problems this outcome answers"]
    return errors


def outcome_add(*, actor: User, plan: FamilyPlan, details: OutcomeDetails) -> PlanOutcome:
    """Add something the family wants to the plan, linked to what the assessment found."""
    case = plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    errors = _check_outcome(case, details)
    if errors:
        raise ApplicationError("Check the outcome", errors)
    with transaction.atomic():
        locked = _lock_plan(plan)
        number = (
            PlanOutcome.objects.filter(plan=locked)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        outcome = PlanOutcome.objects.create(
            plan=locked,
            number=number,
            wanted=details.wanted.strip(),
            whose_words=details.whose_words.strip(),
            success_looks_like=details.success_looks_like.strip(),
            need_keys=list(details.need_keys),
            updated_by=actor,
        )
        outcome.headline_problems.set(list(details.headline_problem_ids))
        _touch(locked, content_changed=True)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=outcome, case=case)
    plan.version, plan.status = locked.version, locked.status
    return outcome


def outcome_update(
    *,
    actor: User,
    outcome: PlanOutcome,
    expected_version: int,
    details: OutcomeDetails,
    status: str = OutcomeStatus.ACTIVE,
) -> PlanOutcome:
    case = outcome.plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    errors = _check_outcome(case, details)
    if status not in OutcomeStatus.values:
        errors["status"] = ["Select where the family is with this outcome"]
    if errors:
        raise ApplicationError("Check the outcome", errors)
    with transaction.atomic():
        locked_plan = _lock_plan(outcome.plan)
        locked = lock_version(
            PlanOutcome.objects,
            pk=outcome.pk,
            expected=expected_version,
            stale=lambda row: _stale("outcome", row.updated_by),
        )
        locked.wanted = details.wanted.strip()
        locked.whose_words = details.whose_words.strip()
        locked.success_looks_like = details.success_looks_like.strip()
        locked.need_keys = list(details.need_keys)
        save_new_version(
            locked, update_fields=None, status=status, updated_at=timezone.now(), updated_by=actor
        )
        locked.headline_problems.set(list(details.headline_problem_ids))
        _touch(locked_plan, content_changed=True)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, case=case)
    return locked


# ------------------------------------------------------------------ actions


@dataclass
class ActionDetails:
    what: str
    owner: str  # 'worker:<id>', 'agency:<id>' or 'family:<id>'
    start_on: dt.date | None
    due_on: dt.date | None


def _check_action(
    details: ActionDetails, allowed: Mapping[str, str], prefix: str = ""
) -> tuple[dict[str, list[str]], Owner | None]:
    errors: dict[str, list[str]] = {}
    if not details.what.strip():
        errors[f"{prefix}what"] = ["Enter what will be done"]
    owner = _owner(details.owner, allowed)
    if owner is None:
        errors[f"{prefix}owner"] = ["Select who will do it"]
    if details.start_on is None:
        errors[f"{prefix}start_on"] = ["Enter the start date"]
    if details.due_on is None:
        errors[f"{prefix}due_on"] = ["Enter the date it is due"]
    elif details.start_on is not None and details.due_on < details.start_on:
        errors[f"{prefix}due_on"] = ["The due date must be the same as or after the start date"]
    return errors, owner


def _next_action_number(plan: FamilyPlan) -> int:
    last = (
        PlanAction.objects.filter(plan=plan).order_by("-number").values_list("number", flat=True)
    ).first()
    return (last or 0) + 1


def _notify_owners(actor: User, case: Case, actions: Iterable[PlanAction]) -> None:
    owners: dict[int, list[PlanAction]] = {}
    for action in actions:
        if action.owner_kind == OwnerKind.WORKER and action.owner_user_id not in (None, actor.pk):
            owners.setdefault(action.owner_user_id or 0, []).append(action)
    if not owners:
        return
    users = {u.pk: u for u in User.objects.filter(pk__in=owners)}
    for user_id, mine in owners.items():
        user = users.get(user_id)
        if user is None:
            continue
        numbers = ", ".join(str(a.number) for a in mine)
        notify(
            recipients=[user],
            kind=ACTION_KIND,
            title=f"Case {case.reference}: action{'s' if len(mine) > 1 else ''} {numbers} "
            "given to you",
            body=f"{actor.full_name} gave you {'actions' if len(mine) > 1 else 'an action'} "
            f"on the family plan of case {case.reference}, due "
            + ", ".join(_day(a.due_on) for a in mine)
            + ".",
            url=_plan_url(case),
        )


def actions_add(
    *,
    actor: User,
    plan: FamilyPlan,
    outcome: PlanOutcome,
    actions: Sequence[ActionDetails],
) -> list[PlanAction]:
    """Add one or more actions towards an outcome. Errors are keyed 'actions-<n>-<field>'."""
    case = plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    if outcome.plan_id != plan.pk:
        raise ApplicationError("Choose an outcome of this plan")
    if not actions:
        raise ApplicationError("Add at least one action", {"__all__": ["Add at least one action"]})
    allowed = dict(owner_choices(case))
    errors: dict[str, list[str]] = {}
    owners: list[Owner] = []
    for n, details in enumerate(actions):
        found, owner = _check_action(details, allowed, prefix=f"actions-{n}-")
        errors.update(found)
        if owner is not None:
            owners.append(owner)
    if errors:
        raise ApplicationError("Check the actions", errors)
    with transaction.atomic():
        locked = _lock_plan(plan)
        number = _next_action_number(locked)
        made = []
        for n, (details, owner) in enumerate(zip(actions, owners, strict=True)):
            assert details.start_on is not None and details.due_on is not None  # noqa: S101
            action = PlanAction(
                plan=locked,
                outcome=outcome,
                number=number + n,
                what=details.what.strip(),
                start_on=details.start_on,
                due_on=details.due_on,
                updated_by=actor,
            )
            _set_owner(action, owner)
            action.save()
            made.append(action)
        _touch(locked, content_changed=True)
        _notify_owners(actor, case, made)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=locked,
            case=case,
            detail={"actions": [a.number for a in made]},
        )
    plan.version, plan.status = locked.version, locked.status
    return made


def _check_status(
    errors: dict[str, list[str]], prefix: str, label: str, status: str, dropped_reason: str
) -> None:
    if status not in ActionStatus.values:
        errors[f"{prefix}status"] = [f"Select where {label} is"]
    elif status == ActionStatus.DROPPED and not dropped_reason.strip():
        errors[f"{prefix}dropped_reason"] = [f"Enter why {label} was dropped"]


def _apply_status(action: PlanAction, status: str, dropped_reason: str, on: dt.date) -> bool:
    changed = action.status != status
    action.status = status
    action.dropped_reason = dropped_reason.strip() if status == ActionStatus.DROPPED else ""
    if status == ActionStatus.DONE:
        action.completed_on = action.completed_on if not changed and action.completed_on else on
    else:
        action.completed_on = None
    return changed


def action_update(
    *,
    actor: User,
    action: PlanAction,
    expected_version: int,
    status: str,
    dropped_reason: str = "",
    details: ActionDetails | None = None,
) -> PlanAction:
    """Change an action: its status (and reason when dropped) and, for whoever leads the
    work, what it is, who does it and when. The owner of an action may update its status."""
    case = action.plan.case
    if details is not None or not owns_action(actor, action):
        require(actor, Action.WORK, case)
    else:
        require(actor, Action.ADD_NOTE, case)
    _check_plan_state(case)
    errors: dict[str, list[str]] = {}
    owner: Owner | None = None
    if details is not None:
        found, owner = _check_action(details, dict(owner_choices(case)))
        errors.update(found)
    _check_status(errors, "", "the action", status, dropped_reason)
    if errors:
        raise ApplicationError("Check the action", errors)
    with transaction.atomic():
        locked_plan = _lock_plan(action.plan)
        locked = lock_version(
            PlanAction.objects,
            pk=action.pk,
            expected=expected_version,
            stale=lambda row: _stale("action", row.updated_by),
        )
        content_changed = False
        previous_owner = locked.owner_key
        if details is not None and owner is not None:
            content_changed = (
                locked.what != details.what.strip()
                or locked.owner_key != details.owner
                or locked.start_on != details.start_on
                or locked.due_on != details.due_on
            )
            locked.what = details.what.strip()
            _set_owner(locked, owner)
            locked.start_on = details.start_on  # type: ignore[assignment]
            locked.due_on = details.due_on  # type: ignore[assignment]
        _apply_status(locked, status, dropped_reason, timezone.localdate())
        save_new_version(locked, update_fields=None, updated_at=timezone.now(), updated_by=actor)
        _touch(locked_plan, content_changed=content_changed)
        if locked.owner_key != previous_owner:
            _notify_owners(actor, case, [locked])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            detail={"status": status, "changed": content_changed},
        )
    return locked


# ------------------------------------------------------------------ agreeing


def _snapshot(plan: FamilyPlan) -> tuple[dict[str, Any], bool]:
    """The whole plan as it stands, to keep with a version: (snapshot, child voice recorded)."""
    case = plan.case
    needs = {need.key: need.title for need in assessed_needs(case)}
    voices = child_voices(case)
    outcomes = list(
        PlanOutcome.objects.filter(plan=plan)
        .prefetch_related("headline_problems")
        .order_by("number")
    )
    actions = list(
        PlanAction.objects.filter(plan=plan)
        .select_related("owner_user", "owner_agency", "owner_person")
        .order_by("number")
    )
    by_outcome: dict[int, list[PlanAction]] = {}
    for action in actions:
        by_outcome.setdefault(action.outcome_id, []).append(action)
    snapshot = {
        "children_views": plan.children_views,
        "child_voices": [{"name": v.name, "words": v.words} for v in voices.voices],
        "outcomes": [
            {
                "number": o.number,
                "wanted": o.wanted,
                "whose_words": o.whose_words,
                "success_looks_like": o.success_looks_like,
                "status": o.status,
                "status_label": OutcomeStatus(o.status).label,
                "needs": [{"key": k, "title": needs.get(k, k)} for k in o.need_keys],
                "problems": [
                    {"number": h.number, "name": h.name}
                    for h in sorted(o.headline_problems.all(), key=lambda h: h.number)
                ],
                "actions": [
                    {
                        "number": a.number,
                        "what": a.what,
                        "owner": a.owner_label,
                        "owner_kind": a.owner_kind,
                        "start_on": a.start_on.isoformat(),
                        "due_on": a.due_on.isoformat(),
                        "status": a.status,
                        "status_label": ActionStatus(a.status).label,
                        "dropped_reason": a.dropped_reason,
                    }
                    for a in by_outcome.get(o.pk, [])
                ],
            }
            for o in outcomes
        ],
    }
    recorded = bool(plan.children_views.strip()) or bool(voices.voices)
    return snapshot, recorded


def _agree_locked(
    *,
    actor: User,
    plan: FamilyPlan,
    agreed_on: dt.date,
    agreed_with: str,
    summary: str,
    next_review_on: dt.date | None,
    meeting: TafMeeting | None = None,
) -> PlanVersion:
    """Agree a locked plan as it stands: a new version, the case into plan and review."""
    case = Case.objects.select_for_update().get(pk=plan.case_id)
    if case.state not in PLAN_STATES:
        raise ApplicationError(f"You cannot agree a plan while the case is '{_state_label(case)}'")
    if latest_signed_off_assessment(case) is None:
        raise ApplicationError(
            "The family's assessment must be signed off before the plan is agreed"
        )
    if not PlanAction.objects.filter(
        plan=plan, outcome__status=OutcomeStatus.ACTIVE, status__in=OPEN_ACTION_STATUSES
    ).exists():
        raise ApplicationError(
            "Add at least one outcome with an action before you agree the plan",
            {"__all__": ["Add at least one outcome with an action before you agree the plan"]},
        )
    snapshot, voice = _snapshot(plan)
    number = plan.agreed_version + 1
    next_review_on = next_review_on or default_next_review(agreed_on)
    snapshot["next_review_on"] = next_review_on.isoformat()
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        agreed_on=agreed_on,
        agreed_by=actor,
        agreed_with=agreed_with.strip(),
        summary=summary.strip(),
        meeting=meeting,
        snapshot=snapshot,
        child_voice_recorded=voice,
    )
    plan.agreed_version = number
    plan.status = PlanStatus.AGREED
    plan.next_review_on = next_review_on
    plan.version += 1
    plan.updated_at = timezone.now()
    plan.save(update_fields=["agreed_version", "status", "next_review_on", "version", "updated_at"])
    if case.state == State.ASSESSMENT:
        at = _moment(agreed_on)
        if at is not None and at < case.state_changed_at:
            at = case.state_changed_at  # agreed the day the case moved on, after it did
        case_transition(actor=actor, case=case, name="start_plan", at=at)
    where = " at the Team Around the Family meeting" if meeting is not None else ""
    title = (
        f"Family plan agreed{where} (version 1)"
        if number == 1
        else f"Family plan changed{where} (version {number})"
    )
    url = reverse("plan-version", kwargs={"case_id": case.pk, "number": number})
    timeline.event_add(
        case=case,
        kind=PlanEvent.PLAN_AGREED.kind,
        actor=actor,
        title=title,
        description=summary.strip()[:500],
        url=url,
        at=_moment(agreed_on),
    )
    team = [m.user for m in case_team(case=case, current_only=True) if m.user is not None]
    notify(
        recipients=[u for u in team if u.pk != actor.pk],
        kind=PLAN_KIND,
        title=f"Case {case.reference}: family plan {'agreed' if number == 1 else 'changed'}",
        body=f"Version {number} of the family plan of case {case.reference} was agreed on "
        f"{_day(agreed_on)}.",
        url=url,
    )
    return version


def plan_agree(
    *,
    actor: User,
    plan: FamilyPlan,
    expected_version: int,
    agreed_on: dt.date | None,
    agreed_with: str = "",
    summary: str = "",
    next_review_on: dt.date | None = None,
    children_views: str | None = None,
) -> PlanVersion:
    """Agree the plan with the family as the actor checked it: a new version.

    The first agreement moves a case in assessment on to plan and review. The next
    review date defaults to the administrator's review interval.
    """
    case = plan.case
    require(actor, Action.WORK, case)
    errors: dict[str, list[str]] = {}
    _check_date(errors, "agreed_on", "Date agreed", agreed_on, case)
    if next_review_on is not None and agreed_on is not None and next_review_on <= agreed_on:
        errors["next_review_on"] = ["The next review must be after the date the plan was agreed"]
    if plan.agreed_version and not summary.strip():
        errors["summary"] = ["Enter what changed in the plan"]
    if errors:
        raise ApplicationError("Check the agreement", errors)
    assert agreed_on is not None  # noqa: S101 - checked above
    with transaction.atomic():
        locked = _lock_plan(plan, expected_version)
        if locked.status == PlanStatus.AGREED and children_views in (None, locked.children_views):
            raise ApplicationError(
                f"The plan has not changed since version {locked.agreed_version} was agreed"
            )
        if children_views is not None:
            locked.children_views = children_views.strip()
            locked.save(update_fields=["children_views"])
        version = _agree_locked(
            actor=actor,
            plan=locked,
            agreed_on=agreed_on,
            agreed_with=agreed_with,
            summary=summary,
            next_review_on=next_review_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=version,
            case=case,
            detail={"agreed_version": version.number},
        )
    return version


# ------------------------------------------------------------------ reviews


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

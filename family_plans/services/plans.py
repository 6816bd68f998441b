# mypy: disallow-untyped-defs
"""The plan: starting it, its outcomes, and agreeing a version with the family."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.selectors import assessed_needs, latest_signed_off_assessment
from cases import timeline
from cases.access import Action, require
from cases.audit import audit_record
from cases.models import Case
from cases.models.audit import AuditAction
from cases.selectors import case_team
from cases.services import case_transition
from cases.workflow import TransitionName
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from earlyhelp.versioning import lock_version, save_new_version
from family_plans.events import PlanEvent
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    FamilyPlan,
    OutcomeStatus,
    PlanAction,
    PlanOutcome,
    PlanStatus,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors import child_voices, default_next_review, problem_choices
from family_plans.services.common import (
    PLAN_KIND,
    PLAN_STATES,
    _check_date,
    _check_plan_state,
    _day,
    _lock_plan,
    _moment,
    _stale,
    _state_label,
    _touch,
)
from partners.models import User
from partners.notifications import notify


def plan_start(*, actor: User, case: Case) -> FamilyPlan:
    """Start the case's family plan as a draft (one plan per case)."""
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    with transaction.atomic():
        locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)
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
    case = Case.objects.select_for_update(no_key=True).get(pk=plan.case_id)
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
        case_transition(actor=actor, case=case, name=TransitionName.START_PLAN, at=at)
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

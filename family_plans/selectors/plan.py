"""The family plan of one case: its page, outcomes, actions, versions, reviews, and the
choices its forms offer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from assessments.models import AssessmentSection, HeadlineProblem
from assessments.selectors import (
    AssessedNeed,
    assessed_needs,
    headline_problems,
    latest_assessment,
    latest_signed_off_assessment,
)
from cases.access import reach_of
from cases.models import Case, FamilyFeedback, FeedbackKind
from cases.refusals import refused_outside_case
from cases.selectors import case_team, household
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    ActionProgress,
    FamilyPlan,
    OutcomeStatus,
    OwnerKind,
    PlanAction,
    PlanOutcome,
    PlanReview,
    PlanVersion,
)
from family_plans.selectors.plan_settings import _pk


def _actions_queryset() -> QuerySet[PlanAction]:
    return PlanAction.objects.select_related(
        "owner_user", "owner_agency", "owner_person", "service"
    ).order_by("number")


def plan_for_case(case: Case) -> FamilyPlan | None:
    """The case's plan (None before one is started), without its rows."""
    return FamilyPlan.objects.filter(case=case).first()


def plan_with_actions(case: Case) -> FamilyPlan | None:
    """The case's plan with `outcome_list` (each with `action_list` and its headline
    problems) and `action_list` (every action, numbered): four queries."""
    plan = plan_for_case(case)
    if plan is None:
        return None
    outcomes = list(
        PlanOutcome.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("headline_problems", queryset=HeadlineProblem.objects.order_by("number"))
        )
        .order_by("number")
    )
    actions = list(_actions_queryset().filter(plan=plan))
    by_outcome: dict[int, list[PlanAction]] = {}
    for action in actions:
        by_outcome.setdefault(action.outcome_id, []).append(action)
    for outcome in outcomes:
        outcome.action_list = by_outcome.get(outcome.pk, [])  # type: ignore[attr-defined]
    plan.outcome_list = outcomes  # type: ignore[attr-defined]
    plan.action_list = actions  # type: ignore[attr-defined]
    return plan


@dataclass(frozen=True)
class ChildVoice:
    person_id: int | None
    name: str
    words: str


@dataclass(frozen=True)
class ChildVoices:
    voices: list[ChildVoice]
    assessment_number: int | None
    signed_off: bool


def child_voices(case: Case) -> ChildVoices:
    """Each child's wishes and feelings in their own words, from the latest assessment
    (the latest signed-off one, or the draft when none is signed off yet)."""
    assessment = latest_signed_off_assessment(case) or latest_assessment(case=case)
    if assessment is None:
        return ChildVoices([], None, False)
    rows = (
        AssessmentSection.objects.filter(assessment=assessment, kind="child")
        .select_related("person")
        .order_by("person__date_of_birth", "id")
    )
    voices = [
        ChildVoice(
            person_id=row.person_id,
            name=row.person.full_name if row.person else "A child",
            words=str(row.data.get("voice", "")).strip(),
        )
        for row in rows
        if str(row.data.get("voice", "")).strip()
    ]
    return ChildVoices(voices, assessment.number, assessment.is_signed_off)


def need_choices(case: Case) -> list[AssessedNeed]:
    """The assessed needs an outcome may answer (latest signed-off assessment)."""
    return assessed_needs(case)


@dataclass(frozen=True)
class ProblemChoice:
    id: int
    number: int
    name: str


def problem_choices(case: Case) -> list[ProblemChoice]:
    """The family's headline problems an outcome may answer."""
    return [ProblemChoice(p.headline_id, p.number, p.name) for p in headline_problems(case)]


def owner_choices(case: Case, *, past_team: bool = False) -> list[tuple[str, str]]:
    """Who may own an action: workers on the case, agencies on its Team Around the Family,
    and family members. Values are 'worker:<id>', 'agency:<id>', 'family:<id>'.
    `past_team` includes those who have left the team (for a plan recorded afterwards)."""
    choices: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(key: str, label: str) -> None:
        if key not in seen:
            seen.add(key)
            choices.append((key, label))

    if case.lead_practitioner is not None:
        lead = case.lead_practitioner
        agency = f", {case.lead_agency.name}" if case.lead_agency else ""
        add(f"{OwnerKind.WORKER}:{lead.pk}", f"{lead.full_name}{agency} (lead practitioner)")
    team = list(case_team(case=case, current_only=not past_team))
    for member in team:
        if member.user is not None:
            add(
                f"{OwnerKind.WORKER}:{member.user_id}",
                f"{member.user.full_name}, {member.agency.name}",
            )
    if case.lead_agency is not None:
        add(f"{OwnerKind.AGENCY}:{case.lead_agency_id}", f"{case.lead_agency.name} (agency)")
    for member in team:
        add(f"{OwnerKind.AGENCY}:{member.agency_id}", f"{member.agency.name} (agency)")
    for hm in household(family=case.family):
        add(f"{OwnerKind.FAMILY}:{hm.person_id}", f"{hm.person.full_name} (family)")
    return choices


@dataclass
class PlanPage:
    plan: FamilyPlan | None
    outcomes: list[PlanOutcome]
    needs: dict[str, AssessedNeed]
    voices: ChildVoices
    versions: list[PlanVersion]
    reviews: list[PlanReview]
    overdue: int
    today: dt.date
    has_signed_off_assessment: bool
    problems: list[ProblemChoice] = field(default_factory=list)


def _version_list(plan: FamilyPlan) -> QuerySet[PlanVersion]:
    """A plan's versions as lists show them: who agreed each and at which meeting,
    without the snapshot of the whole plan that each carries."""
    return (
        PlanVersion.objects.filter(plan=plan)
        .select_related("agreed_by", "meeting")
        .defer("snapshot")
    )


def plan_page(*, case: Case) -> PlanPage:
    """Everything the Plan tab shows, in a fixed number of queries."""
    today = timezone.localdate()
    plan = plan_with_actions(case)
    needs = {need.key: need for need in assessed_needs(case)}
    voices = child_voices(case)
    signed_off = latest_signed_off_assessment(case) is not None
    if plan is None:
        return PlanPage(None, [], needs, voices, [], [], 0, today, signed_off)
    versions = list(_version_list(plan).order_by("-number"))
    reviews = list(
        PlanReview.objects.filter(plan=plan)
        .select_related("recorded_by", "meeting")
        .order_by("-reviewed_on", "-id")[:10]
    )
    actions: list[PlanAction] = plan.action_list  # type: ignore[attr-defined]
    overdue = sum(1 for a in actions if a.is_overdue_on(today))
    return PlanPage(
        plan=plan,
        outcomes=plan.outcome_list,  # type: ignore[attr-defined]
        needs=needs,
        voices=voices,
        versions=versions,
        reviews=reviews,
        overdue=overdue,
        today=today,
        has_signed_off_assessment=signed_off,
    )


def owns_action(user: Any, action: PlanAction) -> bool:
    """The action is the user's own, or their agency's (through a casework role)."""
    if action.owner_kind == OwnerKind.WORKER:
        return action.owner_user_id == getattr(user, "pk", None)
    if action.owner_kind == OwnerKind.AGENCY:
        return action.owner_agency_id in reach_of(user).casework_agency_ids
    return False


def outcome_for(*, plan: FamilyPlan, outcome_id: Any) -> PlanOutcome:
    found = (
        PlanOutcome.objects.filter(plan=plan, pk=_pk(outcome_id))
        .prefetch_related("headline_problems")
        .first()
    )
    if found is None:
        raise refused_outside_case(case=plan.case, model=PlanOutcome, pk=outcome_id, what="outcome")
    return found


def action_for(*, plan: FamilyPlan, action_id: Any) -> PlanAction:
    found = (
        _actions_queryset().select_related("outcome").filter(plan=plan, pk=_pk(action_id)).first()
    )
    if found is None:
        raise refused_outside_case(case=plan.case, model=PlanAction, pk=action_id, what="action")
    return found


def open_actions(*, plan: FamilyPlan) -> list[PlanAction]:
    """Actions not yet done or dropped, numbered, with their outcomes and owners."""
    return list(
        _actions_queryset()
        .select_related("outcome")
        .filter(plan=plan, status__in=OPEN_ACTION_STATUSES)
    )


def active_outcomes(*, plan: FamilyPlan) -> list[PlanOutcome]:
    return list(
        PlanOutcome.objects.filter(plan=plan, status=OutcomeStatus.ACTIVE).order_by("number")
    )


def plan_version_for(*, plan: FamilyPlan, number: Any) -> PlanVersion:
    found = (
        PlanVersion.objects.filter(plan=plan, number=_pk(number))
        .select_related("agreed_by", "meeting")
        .first()
    )
    if found is None:
        raise Http404("No such version")
    return found


def review_for(*, plan: FamilyPlan, review_id: Any) -> PlanReview:
    found = (
        PlanReview.objects.filter(plan=plan, pk=_pk(review_id))
        .select_related("recorded_by", "meeting")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ActionProgress.objects.select_related("action").order_by("action__number"),
            )
        )
        .first()
    )
    if found is None:
        raise refused_outside_case(case=plan.case, model=PlanReview, pk=review_id, what="review")
    return found


def review_feedback(*, case: Case, review: PlanReview) -> FamilyFeedback | None:
    """The family's feedback given at the review, if they were asked (cases/ keeps it,
    naming the review it was given at)."""
    return (
        FamilyFeedback.objects.filter(
            case=case,
            kind=FeedbackKind.REVIEW,
            reference=f"family_plans.PlanReview:{review.pk}",
        )
        .select_related("lead_practitioner")
        .order_by("-id")
        .first()
    )

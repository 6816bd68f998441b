"""Reads other apps build on: reporting (the first TAF meeting per case for scorecard P1d,
the share of plans with the child's wishes and feelings for Q4, reviews without
progress for drift) and overdue actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from cases.models import Case
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    ActionProgress,
    ActionStatus,
    FamilyPlan,
    MeetingStatus,
    PlanAction,
    PlanReview,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors.plan import _actions_queryset


def first_taf_meeting_subquery() -> Subquery:
    """Annotate a Case queryset with the date of its first TAF meeting held:
    `cases.annotate(first_taf_meeting_on=first_taf_meeting_subquery())` (scorecard P1d)."""
    return Subquery(
        TafMeeting.objects.filter(case=OuterRef("pk"), status=MeetingStatus.HELD)
        .order_by("starts_at")
        .annotate(on=TruncDate("starts_at"))
        .values("on")[:1]
    )


def first_taf_meeting_dates(*, case_ids: Iterable[int] | None = None) -> dict[int, dt.date]:
    """Case id -> the date of its first TAF meeting held (local date)."""
    meetings = TafMeeting.objects.filter(status=MeetingStatus.HELD)
    if case_ids is not None:
        meetings = meetings.filter(case_id__in=list(case_ids))
    rows = meetings.values("case_id").annotate(first=Min("starts_at"))
    return {row["case_id"]: timezone.localdate(row["first"]) for row in rows}


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int


def child_voice_share(*, case_ids: Iterable[int] | None = None) -> Share:
    """Agreed plans whose latest agreed version carries the children's wishes and feelings
    in their own words, out of all agreed plans (scorecard Q4)."""
    plans = FamilyPlan.objects.filter(agreed_version__gt=0)
    if case_ids is not None:
        plans = plans.filter(case_id__in=list(case_ids))
    latest_with_voice = PlanVersion.objects.filter(
        plan=OuterRef("pk"), number=OuterRef("agreed_version"), child_voice_recorded=True
    )
    counts = plans.aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(Exists(latest_with_voice))),
    )
    return Share(numerator=counts["numerator"] or 0, denominator=counts["denominator"] or 0)


def review_showed_progress() -> Q:
    """A condition on PlanReview rows: the review showed progress.

    A review shows progress when the person recording it said the family had moved
    forward (`progress_made`), or when at least one action moved forward at it: from not
    started to in progress, or to done. Both are recorded at the review itself, so
    neither has to be inferred from later edits. Dropping an action is not progress, nor
    is a note on an action that stayed where it was: a plan whose actions are all being
    dropped or left where they were, review after review, is the drift a manager should
    see. Asking for both signals to be absent keeps a review where work visibly moved
    off the drift list even if the box was left at "no".
    """
    moved_forward = ActionProgress.objects.filter(review=OuterRef("pk")).filter(
        (Q(status=ActionStatus.DONE) & ~Q(previous_status=ActionStatus.DONE))
        | Q(status=ActionStatus.IN_PROGRESS, previous_status=ActionStatus.NOT_STARTED)
    )
    return Q(progress_made=True) | Q(Exists(moved_forward))


@dataclass(frozen=True)
class Drift:
    reviews: int
    without_progress: int
    in_a_row: int  # reviews without progress since the last review that showed progress


def reviews_without_progress(*, case_ids: Iterable[int] | None = None) -> dict[int, Drift]:
    """Case id -> its reviews, those without progress (`review_showed_progress`), and the
    latest run of them (drift)."""
    reviews = PlanReview.objects.all()
    if case_ids is not None:
        reviews = reviews.filter(plan__case_id__in=list(case_ids))
    rows = reviews.annotate(
        case_id=F("plan__case_id"),
        showed_progress=ExpressionWrapper(review_showed_progress(), output_field=BooleanField()),
    ).values_list("case_id", "showed_progress", "reviewed_on", "id")
    by_case: dict[int, list[tuple[dt.date, int, bool]]] = {}
    for case_id, showed_progress, reviewed_on, review_id in rows:
        by_case.setdefault(case_id, []).append((reviewed_on, review_id, showed_progress))
    found: dict[int, Drift] = {}
    for case_id, entries in by_case.items():
        entries.sort()
        in_a_row = 0
        for _, _, made in reversed(entries):
            if made:
                break
            in_a_row += 1
        found[case_id] = Drift(
            reviews=len(entries),
            without_progress=sum(1 for _, _, made in entries if not made),
            in_a_row=in_a_row,
        )
    return found


def overdue_actions(*, case: Case, today: dt.date | None = None) -> list[PlanAction]:
    today = today or timezone.localdate()
    return list(
        _actions_queryset().filter(
            plan__case=case, status__in=OPEN_ACTION_STATUSES, due_on__lt=today
        )
    )

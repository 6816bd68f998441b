# mypy: disallow-untyped-defs
"""What family plans add to drift (cases.drift): three or more reviews without progress.

A case drifts when its latest three plan reviews (or more: the latest three of however
many) all showed no progress, as `selectors.review_showed_progress` defines it — the
reviewer said the family had not moved forward and no action moved forward at the
review. A review that showed progress breaks the run, so a case is flagged only while
its most recent reviews are stuck, not for a bad patch it has since come out of.

The rule is one condition on the Case queryset (cases/drift.py makes it a boolean
annotation of its single query): among the case's latest three reviews, count those
without progress, and flag the case when the count is three.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from cases import drift
from cases.models import DriftThresholds
from family_plans.models import PlanReview
from family_plans.selectors import review_showed_progress

NO_PROGRESS = "no_progress"


def reviews_without_progress_condition(today: dt.date) -> Q:
    """Cases whose latest N plan reviews all showed no progress (N: the administrator's
    drift threshold, 3 by default)."""
    del today  # a run of reviews is about the reviews, not the calendar
    count = DriftThresholds.current().reviews_without_progress
    latest = (
        PlanReview.objects.filter(plan__case_id=OuterRef(OuterRef("pk")))
        .order_by("-reviewed_on", "-id")
        .values("pk")[:count]
    )
    stuck = Subquery(
        PlanReview.objects.filter(pk__in=latest)
        .exclude(review_showed_progress())
        .order_by()
        .values("plan_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Q(GreaterThanOrEqual(Coalesce(stuck, 0), count))


def register() -> None:
    """Add the rule to drift (called from FamilyPlansConfig.ready)."""
    drift.register(
        drift.DriftRule(
            NO_PROGRESS,
            "{reviews_without_progress} or more reviews without progress",
            reviews_without_progress_condition,
        )
    )

"""Reads of reporting data, scoped to the user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cases.models import Case
from reporting.models import ExportJob, ScorecardSnapshot


def exports_of(
    *, user: Any, case: Case | None = None, limit: int | None = 20
) -> QuerySet[ExportJob]:
    """The user's own exports (of one case, when given), newest first; all of them when
    `limit` is None (for a paged list)."""
    jobs = ExportJob.objects.filter(requested_by_id=user.pk)
    if case is not None:
        jobs = jobs.filter(case=case)
    jobs = jobs.select_related("case").order_by("-created_at", "-id")
    return jobs if limit is None else jobs[:limit]


def scorecard_snapshots() -> QuerySet[ScorecardSnapshot]:
    """The stored monthly figures of every measure and cell of scope, for readers who see
    exact numbers (the API's warehouse feed); the scorecard reads them through
    reporting.scorecard.engine."""
    return ScorecardSnapshot.objects.all()

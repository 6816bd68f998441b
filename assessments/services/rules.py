# mypy: disallow-untyped-defs
"""In which states of a case each write is allowed, and the small helpers every write shares."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from assessments.models import Assessment
from cases.models import Case
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError

FIRST_ASSESSMENT_STATES = frozenset({State.ALLOCATED, State.ASSESSMENT})
REASSESSMENT_STATES = frozenset({State.ASSESSMENT, State.PLAN_AND_REVIEW})
RECORDED_ASSESSMENT_STATES = frozenset(
    {State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING, State.CLOSED}
)
READING_STATES = frozenset(
    {State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING, State.CLOSED}
)


def _when(at: dt.datetime | None) -> dt.datetime:
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise ApplicationError("The date must be today or in the past")
    return at


def _state_label(case: Case) -> str:
    return State(case.state).label.lower()


def _noon(on: dt.date) -> dt.datetime | None:
    """When a dated event happened, for the chronology (None: now, for today's events)."""
    if on == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12)))


def _assessment_url(assessment: Assessment) -> str:
    return f"/cases/{assessment.case_id}/assessment/{assessment.number}/"

# mypy: disallow-untyped-defs
"""Progress against the headline problems an assessment found."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from assessments.events import AssessmentEvent
from assessments.models import HeadlineProblem, ProblemProgress, ProgressStatus
from assessments.selectors import headline_problems
from assessments.services.rules import _noon
from cases.access import Action, require
from cases.events import case_event_record
from cases.models import Case
from earlyhelp.errors import ApplicationError
from partners.models import User


def problem_progress_record(
    *,
    actor: User,
    case: Case,
    headline: HeadlineProblem,
    status: str,
    note: str = "",
    recorded_on: dt.date | None = None,
) -> ProblemProgress:
    """Record progress against one of the family's headline problems."""
    require(actor, Action.WORK, case)
    today = timezone.localdate()
    recorded_on = recorded_on or today
    errors: dict[str, list[str]] = {}
    if headline.pk not in {p.headline_id for p in headline_problems(case)}:
        errors["headline"] = ["Select one of the family's headline problems"]
    if status not in ProgressStatus.values:
        errors["status"] = ["Select the progress made"]
    if recorded_on > today:
        errors["recorded_on"] = ["Date of the progress must be today or in the past"]
    elif recorded_on < case.opened_on:
        errors["recorded_on"] = ["Date of the progress must be after the case was opened"]
    if errors:
        raise ApplicationError("Check the progress", errors)
    with transaction.atomic():
        progress = ProblemProgress.objects.create(
            case=case,
            headline=headline,
            status=status,
            note=note.strip(),
            recorded_on=recorded_on,
            recorded_by=actor,
        )
        case_event_record(
            event=AssessmentEvent.OUTCOME_PROGRESS,
            case=case,
            actor=actor,
            obj=progress,
            title=f"Progress on '{headline.name}': {progress.get_status_display().lower()}",
            description=note.strip(),
            at=_noon(recorded_on),
        )
    return progress

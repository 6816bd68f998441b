"""The managers' sign-off queue: assessments and closures waiting for a manager's decision.

A manager used to find work waiting for them by searching for the family. The queue
lists, oldest first, everything submitted for sign-off on the cases the manager may
sign off, with how long it has waited in working days against the targets:

- a sign-off decision within SIGN_OFF_WORKING_DAYS working days of submission;
- for an assessment, the assessment signed off within the configured number of working
  days of allocation (PlanSettings.assessment_working_days, 20 by default).

It lives in family_plans/ because it reads assessments, cases and the plan settings
(the timings the administrator sets), and family_plans/ sits above the other two.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from assessments.models import Assessment, AssessmentState
from cases.access import can, visible_cases
from cases.capabilities import Action
from cases.models import Case, CaseTransition, ClosureProposal, ClosureStatus
from cases.working_days import add_working_days, working_days_between
from family_plans.models import PlanSettings

SIGN_OFF_WORKING_DAYS = 5


@dataclass(frozen=True)
class Waiting:
    """One piece of work waiting for sign-off."""

    kind: str  # "Assessment" or "Closure"
    case: Case
    submitted_by: Any
    submitted_on: dt.date
    url: str
    waited: int  # working days since it was submitted
    due_on: dt.date | None = None  # the assessment's own target date, from allocation

    @property
    def sign_off_late(self) -> bool:
        return self.waited > SIGN_OFF_WORKING_DAYS

    def past_due(self, today: dt.date) -> bool:
        return self.due_on is not None and today > self.due_on


def _allocated_on(case_ids: list[int]) -> dict[int, dt.date]:
    found: dict[int, dt.date] = {}
    for case_id, at in CaseTransition.objects.filter(
        case_id__in=case_ids, name="allocate"
    ).values_list("case_id", "at"):
        found.setdefault(case_id, timezone.localdate(at))
    return found


def sign_off_queue(*, user: Any, today: dt.date | None = None) -> list[Waiting]:
    """What waits for this manager's sign-off, longest-waiting first."""
    today = today or timezone.localdate()
    cases = visible_cases(user)
    related = ("case__family", "case__lead_agency", "case__lead_practitioner")
    assessments = (
        Assessment.objects.filter(state=AssessmentState.SUBMITTED, case__in=cases)
        .select_related("submitted_by", *related)
        .order_by("submitted_at", "pk")
    )
    closures = (
        ClosureProposal.objects.filter(status=ClosureStatus.PROPOSED, case__in=cases)
        .select_related("proposed_by", *related)
        .order_by("proposed_at", "pk")
    )
    allowed: dict[int, bool] = {}

    def may_sign(case: Case) -> bool:
        if case.pk not in allowed:
            allowed[case.pk] = can(user, Action.SIGN_OFF, case)
        return allowed[case.pk]

    assessments_list = [a for a in assessments if may_sign(a.case)]
    allocated = _allocated_on([a.case_id for a in assessments_list])
    target = PlanSettings.current().assessment_working_days
    queue: list[Waiting] = []
    for a in assessments_list:
        submitted = timezone.localdate(a.submitted_at or a.started_at)
        since = allocated.get(a.case_id)
        queue.append(
            Waiting(
                kind="Assessment",
                case=a.case,
                submitted_by=a.submitted_by,
                submitted_on=submitted,
                url=f"/cases/{a.case_id}/assessment/{a.number}/review/",
                waited=working_days_between(submitted, today),
                due_on=add_working_days(since, target) if since else None,
            )
        )
    for c in closures:
        if not may_sign(c.case):
            continue
        proposed = timezone.localdate(c.proposed_at)
        queue.append(
            Waiting(
                kind="Closure",
                case=c.case,
                submitted_by=c.proposed_by,
                submitted_on=proposed,
                url=f"/cases/{c.case_id}/closure/decision/",
                waited=working_days_between(proposed, today),
            )
        )
    return sorted(queue, key=lambda w: (w.submitted_on, w.case.pk))

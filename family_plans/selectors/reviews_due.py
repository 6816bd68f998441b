# mypy: disallow-untyped-defs
"""When a plan's review is due: one definition for My work and the reminders.

A review is due when an agreed plan's next review date falls within the notice period
and no Team Around the Family meeting is arranged before it, and overdue once the date
has passed (meeting or not). My work lists these for the lead practitioner; the
reminders email them. Both read the same query, so the list and the email agree.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from cases.workflow_states import State
from family_plans.models import FamilyPlan, MeetingStatus, PlanStatus, TafMeeting

# The states of a case in which its plan is reviewed.
REVIEW_STATES = (State.PLAN_AND_REVIEW, State.CLOSING)


def plans_due_for_review(*, today: dt.date, notice_days: int) -> QuerySet[FamilyPlan]:
    """Agreed plans, of cases in REVIEW_STATES, whose review is overdue or due within
    `notice_days` with no meeting arranged for it; each annotated with
    `meeting_arranged`. Callers narrow it to the people they serve."""
    soon = today + dt.timedelta(days=notice_days)
    meeting_arranged = Exists(
        TafMeeting.objects.filter(
            case=OuterRef("case"),
            status=MeetingStatus.SCHEDULED,
            starts_at__date__gte=today,
            starts_at__date__lte=OuterRef("next_review_on"),
        )
    )
    return (
        FamilyPlan.objects.filter(
            agreed_version__gt=0,
            next_review_on__isnull=False,
            next_review_on__lte=soon,
            case__state__in=REVIEW_STATES,
        )
        .exclude(status=PlanStatus.DRAFT)
        .annotate(meeting_arranged=meeting_arranged)
        .filter(Q(next_review_on__lt=today) | Q(meeting_arranged=False))
    )


def review_overdue(plan: FamilyPlan, today: dt.date) -> bool:
    """Overdue: the review date has passed (otherwise it is due, with no meeting)."""
    return plan.next_review_on is not None and plan.next_review_on < today

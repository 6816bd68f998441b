"""What the case audit PDF reads from family plans: the plan with its actions, versions
and reviews, and the meetings with attendance, the review held at each and the plan
changes agreed there, in the same few queries whatever their number."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from family_plans import selectors
from family_plans.models import (
    ActionProgress,
    ActionStatus,
    Attendance,
    FamilyNetworkMeeting,
    MeetingStatus,
    NetworkMember,
    PlanVersion,
)
from tests.family_plans.factories import (
    InviteeFactory,
    MeetingFactory,
    ReviewFactory,
    agreed_plan,
    planned_case,
)

pytestmark = pytest.mark.django_db


def _case_with(size: int):  # type: ignore[no-untyped-def]
    """A case whose plan has `size` outcomes of `size` actions, and `size` meetings held,
    each with `size` people invited, a review of every action and a plan change."""
    pc = planned_case()
    plan = agreed_plan(pc, actions=size, outcomes=size)
    actions = list(plan.actions.order_by("number"))
    for n in range(size):
        starts = timezone.now() - dt.timedelta(days=7 * (size - n))
        meeting = MeetingFactory(
            case=pc.case,
            organiser=pc.worker,
            recorded_by=pc.worker,
            recorded_at=starts,
            starts_at=starts,
            status=MeetingStatus.HELD,
            minutes=f"Minutes of meeting {n + 1}",
        )
        for _ in range(size):
            InviteeFactory(meeting=meeting, attendance=Attendance.ATTENDED)
        review = ReviewFactory(plan=plan, meeting=meeting, reviewed_on=starts.date())
        ActionProgress.objects.bulk_create(
            ActionProgress(
                review=review,
                action=a,
                previous_status=ActionStatus.NOT_STARTED,
                status=ActionStatus.IN_PROGRESS,
            )
            for a in actions
        )
        PlanVersion.objects.create(
            plan=plan,
            number=n + 2,
            agreed_on=starts.date(),
            agreed_by=pc.worker,
            meeting=meeting,
            summary=f"Changed at meeting {n + 1}",
        )
        network = FamilyNetworkMeeting.objects.create(
            case=pc.case, offered_on=starts.date(), created_by=pc.worker
        )
        NetworkMember.objects.create(meeting=network, name="Gran", relationship="relative")
    return pc.case


def _queries(case) -> tuple[int, selectors.PlanAndMeetingsForPdf]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        found = selectors.case_pdf_context(case=case)
    return len(captured.captured_queries), found


def test_the_plan_and_meetings_for_the_pdf_take_the_same_queries_for_one_or_many():
    small, _ = _queries(_case_with(1))
    large, found = _queries(_case_with(4))

    assert small == large <= 11
    assert found.plan is not None
    assert [len(o.action_list) for o in found.plan.outcomes] == [4, 4, 4, 4]  # type: ignore[attr-defined]
    assert [v.number for v in found.plan.versions] == [1, 2, 3, 4, 5]
    assert found.plan.agreed is not None and found.plan.agreed.number == 1
    assert [len(r.progress_list) for r in found.plan.reviews] == [16] * 4  # type: ignore[attr-defined]
    assert [m.meeting.minutes for m in found.meetings] == [
        f"Minutes of meeting {n}" for n in range(1, 5)
    ]  # oldest first
    first = found.meetings[0]
    assert first.attended == 4 and first.review is not None
    assert [v.summary for v in first.plan_changes] == ["Changed at meeting 1"]
    assert [len(n.network.all()) for n in found.network_meetings] == [1] * 4


def test_a_case_without_a_plan_or_meetings_gives_none_and_empty_lists():
    pc = planned_case()
    found = selectors.case_pdf_context(case=pc.case)
    assert found.plan is None and found.meetings == [] and found.network_meetings == []

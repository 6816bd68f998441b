"""What other apps read from family plans: a plan with its actions (PDFs, the API), the
first TAF meeting per case (scorecard P1d), the share of plans with the children's
wishes and feelings (Q4), and reviews without progress (drift). Also a plan entered
afterwards for a case that has closed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.models import Case
from cases.workflow_states import State
from family_plans import selectors, services
from family_plans.models import ActionStatus, FamilyPlan, MeetingStatus, PlanVersion
from family_plans.services import (
    ActionDetails,
    HistoryAction,
    HistoryMeeting,
    OutcomeDetails,
    PlanHistory,
)
from tests.family_plans.factories import (
    MeetingFactory,
    ReviewFactory,
    agreed_plan,
    days,
    needs_of,
    planned_case,
)

pytestmark = pytest.mark.django_db


def test_plan_with_actions_gives_outcomes_with_their_actions_in_a_fixed_number_of_queries(
    django_assert_num_queries,
):
    pc = planned_case()
    agreed_plan(pc, actions=3, outcomes=2)
    with django_assert_num_queries(4):
        plan = selectors.plan_with_actions(pc.case)
        outcomes = [(o.number, [a.number for a in o.action_list]) for o in plan.outcome_list]
        owners = [a.owner_label for a in plan.action_list]
        problems = [list(o.headline_problems.all()) for o in plan.outcome_list]
    assert outcomes == [(1, [1, 2, 3]), (2, [4, 5, 6])]
    assert len(owners) == 6 and all(owners)
    assert len(problems) == 2
    assert selectors.plan_with_actions(planned_case().case) is None


def test_the_first_taf_meeting_held_per_case():
    pc = planned_case()
    other = planned_case()
    now = timezone.now()
    for case, offsets, status in (
        (pc.case, (-20, -5), MeetingStatus.HELD),
        (pc.case, (-30,), MeetingStatus.CANCELLED),  # cancelled meetings do not count
        (other.case, (3,), MeetingStatus.SCHEDULED),  # nor ones yet to happen
    ):
        for offset in offsets:
            starts = now + dt.timedelta(days=offset)
            MeetingFactory(
                case=case,
                organiser=pc.worker,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                status=status,
            )
    first = timezone.localdate(now - dt.timedelta(days=20))
    assert selectors.first_taf_meeting_dates() == {pc.case.pk: first}
    assert selectors.first_taf_meeting_dates(case_ids=[other.case.pk]) == {}
    annotated = dict(
        Case.objects.filter(pk__in=[pc.case.pk, other.case.pk])
        .annotate(first=selectors.first_taf_meeting_subquery())
        .values_list("pk", "first")
    )
    assert annotated == {pc.case.pk: first, other.case.pk: None}


def test_the_share_of_plans_with_the_childrens_wishes_and_feelings():
    with_voice = planned_case(children=2)
    agreed_plan(with_voice)
    without_voice = planned_case(children=1)
    plan = agreed_plan(without_voice)
    PlanVersion.objects.filter(plan=plan).update(child_voice_recorded=False)
    planned_case()  # no plan: not counted
    share = selectors.child_voice_share()
    assert (share.numerator, share.denominator) == (1, 2)
    only = selectors.child_voice_share(case_ids=[without_voice.case.pk])
    assert (only.numerator, only.denominator) == (0, 1)


def test_reviews_without_progress_per_case_and_the_latest_run_of_them():
    pc = planned_case()
    plan = agreed_plan(pc)
    for days_ago, made in ((60, True), (40, False), (20, True), (10, False), (3, False)):
        ReviewFactory(
            plan=plan, recorded_by=pc.worker, reviewed_on=days(-days_ago), progress_made=made
        )
    drift = selectors.reviews_without_progress(case_ids=[pc.case.pk])
    assert drift == {
        pc.case.pk: selectors.Drift(reviews=5, without_progress=3, in_a_row=2),
    }


def test_a_closed_cases_plan_and_meetings_can_be_entered_afterwards_by_a_manager():
    pc = planned_case(opened_days_ago=300)
    Case.objects.filter(pk=pc.case.pk).update(state=State.CLOSED, closed_on=days(-5))
    pc.case.refresh_from_db()
    held = timezone.now() - dt.timedelta(days=60)
    history = PlanHistory(
        agreed_on=days(-100),
        outcomes=[OutcomeDetails(wanted="Calmer mornings", need_keys=needs_of(pc)[:1])],
        actions=[
            HistoryAction(
                0, ActionDetails("Breakfast club", f"agency:{pc.school.pk}", days(-100), days(-70))
            ),
            HistoryAction(
                0,
                ActionDetails("Parenting group", f"family:{pc.adults[0].pk}", days(-90), days(-40)),
                status=ActionStatus.DROPPED,
                dropped_reason="The group closed.",
            ),
        ],
        meetings=[
            HistoryMeeting(
                starts_at=held,
                ends_at=held + dt.timedelta(hours=1),
                location="Family hub",
                minutes="Reviewed the plan.",
                attendees=[("Grace Okafor", "Mum", "attended")],
                progress_made=False,
            )
        ],
    )
    with pytest.raises(PermissionDenied):  # the lead practitioner may not: it is closed
        services.family_plan_record_history(actor=pc.worker, case=pc.case, history=history)

    plan = services.family_plan_record_history(actor=pc.manager, case=pc.case, history=history)

    assert plan.agreed_version == 1
    version = plan.versions.get()
    assert [a["status"] for a in version.snapshot["outcomes"][0]["actions"]] == [
        "done",
        "dropped",
    ]
    review = plan.reviews.get()
    assert review.meeting.status == MeetingStatus.HELD and review.progress_made is False
    assert selectors.first_taf_meeting_dates(case_ids=[pc.case.pk]) == {
        pc.case.pk: timezone.localdate(held)
    }
    with pytest.raises(Exception, match="already has a plan"):
        services.family_plan_record_history(actor=pc.manager, case=pc.case, history=history)
    assert FamilyPlan.objects.filter(case=pc.case).count() == 1

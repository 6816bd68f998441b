"""Drift from family plans: a case whose latest three reviews (or more) showed no progress
is flagged to its manager. A review shows progress when the reviewer said the family
moved forward, or when an action moved forward at it (started, or done)."""

import pytest

from cases import drift
from family_plans import selectors, services
from family_plans.drift import NO_PROGRESS
from family_plans.models import FamilyPlan
from family_plans.services import ActionUpdate, ReviewDetails
from tests.cases.pages import text_of
from tests.family_plans.factories import agreed_plan, days, planned_case

pytestmark = pytest.mark.django_db

LABEL = "3 or more reviews without progress"


def review(pc, plan: FamilyPlan, on: int, *, made: bool = False, moves=None, drop=None) -> None:
    """Record a review `on` days from today: every open action stays where it is, except
    those in `moves` (action -> new status) and `drop` (dropped, with a reason)."""
    plan.refresh_from_db()
    plan.case = pc.case
    updates = []
    for action in plan.actions.filter(status__in=["not_started", "in_progress"]):
        status = (moves or {}).get(action.number, action.status)
        reason = ""
        if drop and action.number in drop:
            status, reason = "dropped", "The family no longer wants it"
        updates.append(
            ActionUpdate(action.pk, status, note="Talked it through", dropped_reason=reason)
        )
    services.family_plan_review_record(
        actor=pc.worker,
        plan=plan,
        details=ReviewDetails(
            reviewed_on=days(on),
            progress_made=made,
            note="Where things are",
            updates=updates,
        ),
    )


def flagged(pc) -> dict[int, list[str]]:
    return {c.pk: drift.reasons_of(c) for c in drift.drifting_cases(user=pc.manager)}


def test_the_rule_is_registered_when_the_app_starts():
    assert NO_PROGRESS in {rule.key for rule in drift.rules()}


def test_three_reviews_in_a_row_without_progress_flag_the_case(signed_in_client):
    pc = planned_case(opened_days_ago=120)
    plan = agreed_plan(pc, actions=3)
    review(pc, plan, -90, made=True, moves={1: "in_progress"})  # a good start
    review(pc, plan, -60)  # nothing moved
    review(pc, plan, -30, drop=[3])  # dropping an action is not progress
    assert flagged(pc) == {}  # two in a row: not yet

    review(pc, plan, -2)

    assert flagged(pc) == {pc.case.pk: [LABEL]}
    page = text_of(signed_in_client(pc.manager).get("/drift/").content.decode())
    assert pc.case.reference in page and LABEL in page
    assert selectors.reviews_without_progress(case_ids=[pc.case.pk])[pc.case.pk].in_a_row == 3


def test_an_action_moving_forward_is_progress_even_when_the_reviewer_said_none():
    pc = planned_case(opened_days_ago=120)
    plan = agreed_plan(pc, actions=2)
    review(pc, plan, -90)
    review(pc, plan, -60)
    review(pc, plan, -30, moves={1: "in_progress"})  # started
    review(pc, plan, -20)
    assert flagged(pc) == {}

    review(pc, plan, -10, moves={1: "done"})  # and finished
    review(pc, plan, -5)
    review(pc, plan, -3)
    assert flagged(pc) == {}

    review(pc, plan, -1)
    assert flagged(pc) == {pc.case.pk: [LABEL]}  # the latest three are stuck


def test_progress_at_the_latest_review_takes_the_case_off_the_list():
    pc = planned_case(opened_days_ago=120)
    plan = agreed_plan(pc, actions=1)
    for on in (-80, -60, -40, -20):
        review(pc, plan, on)
    assert flagged(pc) == {pc.case.pk: [LABEL]}

    review(pc, plan, -1, made=True)

    assert flagged(pc) == {}


def test_only_the_manager_of_the_case_sees_it_drift():
    pc = planned_case(opened_days_ago=120)
    plan = agreed_plan(pc, actions=1)
    for on in (-30, -20, -10):
        review(pc, plan, on)
    other = planned_case(opened_days_ago=120)  # a manager elsewhere
    assert flagged(other) == {}
    assert flagged(pc) == {pc.case.pk: [LABEL]}

"""What family plans add to "My work": plan reviews due or overdue, actions overdue (to
their owner and the lead practitioner) and TAF meetings coming up or not yet recorded,
registered at start-up and shown on the my-work page."""

import datetime as dt

import pytest
from django.utils import timezone

from cases import my_work
from family_plans import services
from family_plans.models import PlanAction, PlanSettings
from family_plans.my_work import PLAN_ACTION, PLAN_REVIEW, TAF_MEETING
from family_plans.services import MeetingRecord
from tests.cases.pages import text_of
from tests.family_plans.factories import (
    MeetingFactory,
    agreed_plan,
    days,
    meeting_details,
    planned_case,
)

pytestmark = pytest.mark.django_db


def items_of(user, kind: str) -> list[tuple[str, dt.date]]:
    return [(i.what, i.due_on) for i in my_work.work_for(user, kinds=[kind])]


def test_family_plans_register_their_work_when_the_app_starts():
    keys = {source.key for source in my_work.sources()}
    assert {PLAN_REVIEW, PLAN_ACTION, TAF_MEETING} <= keys


def test_an_overdue_review_is_the_lead_practitioners_to_do():
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc)
    plan.refresh_from_db()
    plan.next_review_on = days(-3)
    plan.save(update_fields=["next_review_on"])

    [item] = my_work.work_for(pc.worker, kinds=[PLAN_REVIEW])

    assert (item.case, item.what, item.due_on) == (pc.case, "Review the plan", days(-3))
    assert item.overdue(timezone.localdate())
    assert item.url == f"/cases/{pc.case.pk}/plan/reviews/new/"
    assert items_of(pc.colleague, PLAN_REVIEW) == []  # not theirs to lead
    assert items_of(pc.school_worker, PLAN_REVIEW) == []


def test_a_review_due_within_the_notice_period_asks_for_a_meeting_until_one_is_arranged():
    PlanSettings.objects.create(pk=1, review_notice_days=10)
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc)
    plan.refresh_from_db()
    plan.next_review_on = days(9)
    plan.save(update_fields=["next_review_on"])
    far = planned_case(opened_days_ago=200)
    far_plan = agreed_plan(far)
    far_plan.next_review_on = days(11)  # beyond the notice period: not yet due
    far_plan.save(update_fields=["next_review_on"])

    assert items_of(pc.worker, PLAN_REVIEW) == [
        ("Arrange a Team Around the Family meeting to review the plan", days(9))
    ]
    assert items_of(far.worker, PLAN_REVIEW) == []

    services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc, in_days=8)
    )
    assert items_of(pc.worker, PLAN_REVIEW) == []  # the review happens at the meeting


def test_an_overdue_action_reaches_its_owner_and_the_lead_practitioner():
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=4)
    school_worker_s, school_s, family_s, later = plan.actions.order_by("number")
    PlanAction.objects.filter(pk=school_worker_s.pk).update(
        owner_kind="worker", owner_user=pc.school_worker, start_on=days(-30), due_on=days(-2)
    )
    PlanAction.objects.filter(pk=school_s.pk).update(
        owner_kind="agency",
        owner_user=None,
        owner_agency=pc.school,
        start_on=days(-30),
        due_on=days(-1),
    )
    PlanAction.objects.filter(pk=family_s.pk).update(
        owner_kind="family",
        owner_user=None,
        owner_person=pc.adults[0],
        start_on=days(-30),
        due_on=days(-4),
        what="Ring the GP about the children's sleep",
    )
    PlanAction.objects.filter(pk=later.pk).update(due_on=days(3))  # not due yet

    school_work = items_of(pc.school_worker, PLAN_ACTION)
    lead_work = items_of(pc.worker, PLAN_ACTION)

    assert [what for what, _ in school_work] == [
        f"Do action {school_worker_s.number}: {school_worker_s.what}",
        f"Do action {school_s.number}: {school_s.what}",
    ]
    assert lead_work == [
        (f"Follow up action {family_s.number} with {pc.adults[0].full_name}", days(-4)),
        (
            f"Follow up action {school_worker_s.number} with {pc.school_worker.full_name}",
            days(-2),
        ),
        (f"Follow up action {school_s.number} with {pc.school.name}", days(-1)),
    ]
    assert items_of(pc.partner, PLAN_ACTION) == []  # the school, but not named on the team
    assert items_of(pc.colleague, PLAN_ACTION) == []

    action = PlanAction.objects.get(pk=school_worker_s.pk)
    services.action_update(
        actor=pc.school_worker, action=action, expected_version=action.version, status="done"
    )
    assert len(items_of(pc.school_worker, PLAN_ACTION)) == 1  # done: off the list
    [item] = my_work.work_for(pc.school_worker, kinds=[PLAN_ACTION])
    assert item.url == f"/cases/{pc.case.pk}/plan/actions/{school_s.pk}/"


def test_meetings_coming_up_reach_those_invited_and_unrecorded_ones_the_lead():
    pc = planned_case(opened_days_ago=200)
    agreed_plan(pc)
    soon = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc, in_days=2, hour=14)
    )
    services.taf_meeting_schedule(  # beyond the meeting notice period (2 days)
        actor=pc.worker, case=pc.case, details=meeting_details(pc, in_days=20)
    )
    held_on = timezone.localtime() - dt.timedelta(days=3)
    unrecorded = MeetingFactory(case=pc.case, organiser=pc.worker, starts_at=held_on)
    recorded = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc, in_days=-10)
    )
    services.taf_meeting_record(
        actor=pc.worker,
        meeting=recorded,
        expected_version=recorded.version,
        record=MeetingRecord(
            attendance={i.pk: "attended" for i in recorded.invitees.all()},
            minutes="Talked through the mornings.",
        ),
    )

    assert items_of(pc.school_worker, TAF_MEETING) == [
        ("Team Around the Family meeting at 2pm", days(2))
    ]
    lead = my_work.work_for(pc.worker, kinds=[TAF_MEETING])
    assert [(i.what, i.due_on) for i in lead] == [
        (
            f"Record the Team Around the Family meeting of {held_on.day} {held_on:%B}",
            held_on.date(),
        ),
        ("Team Around the Family meeting at 2pm", days(2)),
    ]
    assert lead[0].overdue(timezone.localdate())
    assert lead[0].url == f"/cases/{pc.case.pk}/meetings/taf/{unrecorded.pk}/record/"
    assert lead[1].url == f"/cases/{pc.case.pk}/meetings/taf/{soon.pk}/"
    assert items_of(pc.colleague, TAF_MEETING) == []


def test_the_my_work_page_shows_family_plans_work_and_filters_by_it(signed_in_client):
    pc = planned_case(opened_days_ago=200)
    plan = agreed_plan(pc, actions=1)
    plan.refresh_from_db()
    plan.next_review_on = days(-3)
    plan.save(update_fields=["next_review_on"])
    [action] = plan.actions.all()
    PlanAction.objects.filter(pk=action.pk).update(start_on=days(-30), due_on=days(-1))
    client = signed_in_client(pc.worker)

    page = text_of(client.get("/my-work/").content.decode())
    assert "Review the plan" in page and f"Do action {action.number}" in page
    assert "Overdue by" in page and "Plan reviews due" in page  # the filter's choice

    reviews_only = text_of(client.get(f"/my-work/?kind={PLAN_REVIEW}").content.decode())
    assert "Review the plan" in reviews_only and f"Do action {action.number}" not in reviews_only

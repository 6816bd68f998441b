"""The family plan through its services: outcomes in the family's words linked to the
assessment, SMART actions with owners, agreeing versions, changes and their locks."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cases.models import ChronologyEntry
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from family_plans import selectors, services
from family_plans.models import (
    ActionStatus,
    OwnerKind,
    PlanAction,
    PlanSettings,
    PlanStatus,
    PlanVersion,
)
from family_plans.services import ActionDetails, OutcomeDetails
from partners.models import Notification
from tests.family_plans.factories import (
    TODAY,
    action,
    add_outcome,
    agreed_plan,
    days,
    needs_of,
    planned_case,
)

pytestmark = pytest.mark.django_db


def test_an_outcome_is_kept_in_the_familys_words_and_linked_to_assessed_needs():
    pc = planned_case()
    plan = services.plan_start(actor=pc.worker, case=pc.case)
    needs = needs_of(pc)
    problems = selectors.problem_choices(pc.case)

    outcome = services.outcome_add(
        actor=pc.worker,
        plan=plan,
        details=OutcomeDetails(
            wanted="  We want mornings without shouting  ",
            whose_words="Grace (mum)",
            need_keys=needs[:2],
            headline_problem_ids=[problems[0].id],
        ),
    )

    assert outcome.number == 1
    assert outcome.wanted == "We want mornings without shouting"
    assert outcome.need_keys == needs[:2]
    assert list(outcome.headline_problems.values_list("pk", flat=True)) == [problems[0].id]


def test_an_outcome_must_answer_needs_of_this_familys_assessment():
    pc = planned_case()
    plan = services.plan_start(actor=pc.worker, case=pc.case)

    with pytest.raises(ApplicationError) as raised:
        services.outcome_add(
            actor=pc.worker,
            plan=plan,
            details=OutcomeDetails(wanted="", need_keys=["child-999999"]),
        )

    assert raised.value.extra["wanted"] == ["Enter what the family wants, in their words"]
    assert raised.value.extra["need_keys"] == ["Select needs from the family's assessment"]


def test_actions_can_be_owned_by_a_worker_an_agency_on_the_team_or_a_family_member():
    pc = planned_case()
    outcome = add_outcome(pc)
    plan = pc.plan

    made = services.actions_add(
        actor=pc.worker,
        plan=plan,
        outcome=outcome,
        actions=[
            action(f"worker:{pc.school_worker.pk}", "Check attendance every Friday"),
            action(f"agency:{pc.school.pk}", "Offer a breakfast club place"),
            action(f"family:{pc.adults[0].pk}", "Set an alarm for 7am"),
        ],
    )

    assert [a.number for a in made] == [1, 2, 3]
    assert [a.owner_kind for a in made] == [OwnerKind.WORKER, OwnerKind.AGENCY, OwnerKind.FAMILY]
    assert made[0].owner_user == pc.school_worker
    assert made[1].owner_agency == pc.school
    assert made[2].owner_person == pc.adults[0]
    # The named worker hears about their action; nobody else is told.
    note = Notification.objects.get(recipient=pc.school_worker)
    assert note.kind == "action_assigned"
    assert pc.case.reference in note.title
    assert pc.case.family.name not in note.title + note.body


def test_an_owner_from_outside_the_case_is_refused_and_every_row_says_what_is_wrong():
    pc = planned_case()
    outcome = add_outcome(pc)
    with pytest.raises(ApplicationError) as raised:
        services.actions_add(
            actor=pc.worker,
            plan=pc.plan,
            outcome=outcome,
            actions=[
                action(f"agency:{pc.outsider.memberships.get().agency_id}"),
                ActionDetails(what="", owner="", start_on=days(5), due_on=days(1)),
            ],
        )
    errors = raised.value.extra
    assert errors["actions-0-owner"] == ["Select who will do it"]
    assert errors["actions-1-what"] == ["Enter what will be done"]
    assert errors["actions-1-owner"] == ["Select who will do it"]
    assert errors["actions-1-due_on"] == [
        "The due date must be the same as or after the start date"
    ]
    assert PlanAction.objects.count() == 0


def test_the_database_refuses_an_action_with_two_owners_or_dropped_without_reason():
    pc = planned_case()
    outcome = add_outcome(pc)
    [made] = services.actions_add(
        actor=pc.worker, plan=pc.plan, outcome=outcome, actions=[action(f"worker:{pc.worker.pk}")]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanAction.objects.filter(pk=made.pk).update(owner_agency=pc.school)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanAction.objects.filter(pk=made.pk).update(status=ActionStatus.DROPPED)


def test_agreeing_the_plan_keeps_version_1_and_moves_the_case_on_to_plan_and_review():
    pc = planned_case()
    assert pc.case.state == State.ASSESSMENT
    plan = agreed_plan(pc, actions=2)

    assert plan.status == PlanStatus.AGREED
    assert plan.agreed_version == 1
    assert plan.next_review_on == TODAY() + dt.timedelta(weeks=6)
    pc.case.refresh_from_db()
    assert pc.case.state == State.PLAN_AND_REVIEW
    version = PlanVersion.objects.get(plan=plan)
    assert version.number == 1
    assert [a["what"] for a in version.snapshot["outcomes"][0]["actions"]] == [
        "Action 1 of outcome 1",
        "Action 2 of outcome 1",
    ]
    titles = list(ChronologyEntry.objects.filter(case=pc.case).values_list("title", flat=True))
    assert "Family plan agreed (version 1)" in titles


def test_the_childs_wishes_and_feelings_from_the_assessment_are_kept_with_the_version():
    pc = planned_case(children=2)
    plan = agreed_plan(pc)
    version = plan.versions.get()

    voices = version.snapshot["child_voices"]
    assert len(voices) == 2
    assert all(v["words"] for v in voices)
    assert version.child_voice_recorded is True
    assert selectors.child_voice_share().numerator == 1


def test_the_review_interval_comes_from_the_administrators_settings():
    PlanSettings.objects.create(pk=1, review_interval_weeks=4)
    pc = planned_case()
    plan = agreed_plan(pc)
    assert plan.next_review_on == TODAY() + dt.timedelta(weeks=4)


def test_a_plan_cannot_be_agreed_before_the_assessment_is_signed_off():
    pc = planned_case(signed_off=False)
    outcome = add_outcome(pc)
    services.actions_add(
        actor=pc.worker, plan=pc.plan, outcome=outcome, actions=[action(f"worker:{pc.worker.pk}")]
    )
    plan = pc.plan
    plan.case = pc.case
    with pytest.raises(ApplicationError, match="assessment must be signed off"):
        services.plan_agree(
            actor=pc.worker, plan=plan, expected_version=plan.version, agreed_on=TODAY()
        )


def test_a_plan_without_actions_cannot_be_agreed():
    pc = planned_case()
    add_outcome(pc)
    plan = pc.plan
    plan.case = pc.case
    with pytest.raises(ApplicationError, match="at least one outcome with an action"):
        services.plan_agree(
            actor=pc.worker, plan=plan, expected_version=plan.version, agreed_on=TODAY()
        )


def test_changing_an_agreed_plan_marks_it_changed_and_agreeing_again_keeps_both_versions():
    pc = planned_case()
    plan = agreed_plan(pc)
    first = plan.actions.order_by("number").first()

    services.action_update(
        actor=pc.worker,
        action=first,
        expected_version=first.version,
        status=ActionStatus.IN_PROGRESS,
        details=action(f"agency:{pc.school.pk}", what="Breakfast club three days a week"),
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CHANGED

    with pytest.raises(ApplicationError) as raised:
        services.plan_agree(
            actor=pc.worker, plan=plan, expected_version=plan.version, agreed_on=TODAY()
        )
    assert raised.value.extra["summary"] == ["Enter what changed in the plan"]

    services.plan_agree(
        actor=pc.worker,
        plan=plan,
        expected_version=plan.version,
        agreed_on=TODAY(),
        summary="The school runs the breakfast club now",
    )
    v1, v2 = PlanVersion.objects.filter(plan=plan).order_by("number")
    assert v1.snapshot["outcomes"][0]["actions"][0]["what"] == "Action 1 of outcome 1"
    assert v2.snapshot["outcomes"][0]["actions"][0]["what"] == "Breakfast club three days a week"
    assert v2.snapshot["outcomes"][0]["actions"][0]["owner"] == pc.school.name
    titles = ChronologyEntry.objects.filter(case=pc.case).values_list("title", flat=True)
    assert "Family plan changed (version 2)" in titles


def test_agreeing_from_a_page_shown_before_someone_changed_the_plan_is_refused():
    pc = planned_case()
    plan = agreed_plan(pc)
    seen = plan.version
    add_outcome(pc, wanted="A new thing the family wants")
    services.actions_add(
        actor=pc.worker,
        plan=plan,
        outcome=plan.outcomes.order_by("-number").first(),
        actions=[action(f"worker:{pc.worker.pk}")],
    )
    with pytest.raises(ConcurrentChangeError):
        services.plan_agree(
            actor=pc.worker, plan=plan, expected_version=seen, agreed_on=TODAY(), summary="x"
        )
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_two_people_changing_one_action_the_second_is_told_not_overwritten():
    pc = planned_case()
    plan = agreed_plan(pc)
    first = plan.actions.order_by("number").first()
    stale = PlanAction.objects.get(pk=first.pk)

    services.action_update(
        actor=pc.worker,
        action=first,
        expected_version=first.version,
        status=ActionStatus.DONE,
    )
    with pytest.raises(ConcurrentChangeError, match="changed this action"):
        services.action_update(
            actor=pc.manager,
            action=stale,
            expected_version=stale.version,
            status=ActionStatus.DROPPED,
            dropped_reason="Not needed",
        )
    first.refresh_from_db()
    assert first.status == ActionStatus.DONE
    assert first.completed_on == TODAY()


def test_a_dropped_action_needs_a_reason():
    pc = planned_case()
    plan = agreed_plan(pc)
    first = plan.actions.first()
    with pytest.raises(ApplicationError) as raised:
        services.action_update(
            actor=pc.worker, action=first, expected_version=first.version, status="dropped"
        )
    assert raised.value.extra["dropped_reason"] == ["Enter why the action was dropped"]


def test_a_partner_on_the_team_may_update_their_own_agencys_action_but_not_the_plan():
    pc = planned_case()
    outcome = add_outcome(pc)
    [school_action, worker_action] = services.actions_add(
        actor=pc.worker,
        plan=pc.plan,
        outcome=outcome,
        actions=[action(f"agency:{pc.school.pk}"), action(f"worker:{pc.worker.pk}")],
    )
    updated = services.action_update(
        actor=pc.school_worker,
        action=school_action,
        expected_version=school_action.version,
        status=ActionStatus.IN_PROGRESS,
    )
    assert updated.status == ActionStatus.IN_PROGRESS

    with pytest.raises(PermissionDenied):
        services.action_update(
            actor=pc.school_worker,
            action=worker_action,
            expected_version=worker_action.version,
            status=ActionStatus.DONE,
        )
    with pytest.raises(PermissionDenied):
        services.outcome_add(
            actor=pc.school_worker, plan=pc.plan, details=OutcomeDetails(wanted="More")
        )


def test_nothing_changes_on_a_closed_case():
    pc = planned_case()
    plan = agreed_plan(pc)
    pc.case.state = State.CLOSED
    pc.case.save()
    plan.case = pc.case
    # Refused by the access policy (a closed case is read only) or by the plan's own rule.
    with pytest.raises((PermissionDenied, ApplicationError)):
        services.outcome_add(actor=pc.worker, plan=plan, details=OutcomeDetails(wanted="x"))
    assert plan.outcomes.count() == 1

"""Builders for family plans tests (synthetic data only).

`planned_case` builds a case whose family has been assessed and signed off, ready for
its plan; `agreed_plan` adds a plan with outcomes and actions through the services and
agrees it. The row factories write directly, for tests that need many rows quickly (the
query-count tests); the behaviour under test always goes through services and pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import factory
from django.utils import timezone

from assessments.services import assessment_sign_off, assessment_start, assessment_submit
from cases.models import Case
from cases.workflow_states import State
from family_plans import services
from family_plans.models import (
    ActionStatus,
    FamilyPlan,
    InviteeKind,
    MeetingInvitee,
    OwnerKind,
    PlanAction,
    PlanOutcome,
    PlanReview,
    TafMeeting,
)
from family_plans.services import ActionDetails, MeetingDetails, OutcomeDetails
from partners.models import User
from tests.assessments.factories import FamilyCase, complete_assessment, family_case
from tests.cases.factories import TeamMemberFactory
from tests.partners.factories import UserFactory, member

TODAY = timezone.localdate


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@dataclass
class PlannedCase(FamilyCase):
    school_worker: User | None = None  # a named practitioner of the school on the team

    @property
    def plan(self) -> FamilyPlan | None:
        return FamilyPlan.objects.filter(case=self.case).first()


def planned_case(
    *,
    children: int = 2,
    adults: int = 1,
    opened_days_ago: int = 60,
    signed_off: bool = True,
    named_school_worker: bool = True,
) -> PlannedCase:
    """A case in assessment whose family's assessment is signed off (unless not wanted),
    with the school on the Team Around the Family (and one of its staff named on it)."""
    from partners.roles import Role

    fc = family_case(children=children, adults=adults, opened_days_ago=opened_days_ago)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    complete_assessment(assessment, fc.worker)
    if signed_off:
        assessment = assessment_submit(
            actor=fc.worker, assessment=assessment, expected_version=assessment.version
        )
        assessment_sign_off(actor=fc.manager, assessment=assessment)
    school_worker = None
    if named_school_worker:
        school_worker = member(Role.PRACTITIONER, agency=fc.school)
        TeamMemberFactory(case=fc.case, agency=fc.school, user=school_worker)
    fc.case.refresh_from_db()
    return PlannedCase(**fc.__dict__, school_worker=school_worker)


def needs_of(pc: PlannedCase) -> list[str]:
    from assessments.selectors import assessed_needs

    return [n.key for n in assessed_needs(pc.case)]


def add_outcome(
    pc: PlannedCase, wanted: str = "We want the children at school every day"
) -> PlanOutcome:
    plan = pc.plan or services.plan_start(actor=pc.worker, case=pc.case)
    plan.case = pc.case
    return services.outcome_add(
        actor=pc.worker,
        plan=plan,
        details=OutcomeDetails(wanted=wanted, whose_words="Mum", need_keys=needs_of(pc)[:1]),
    )


def action(
    owner: str, what: str = "Walk the children to school", start: int = 0, due: int = 28
) -> ActionDetails:
    return ActionDetails(what=what, owner=owner, start_on=days(start), due_on=days(due))


def agreed_plan(pc: PlannedCase, *, actions: int = 2, outcomes: int = 1) -> FamilyPlan:
    """A plan with `outcomes` outcomes of `actions` actions each, agreed today."""
    for n in range(outcomes):
        outcome = add_outcome(pc, wanted=f"Outcome wanted number {n + 1}")
        plan = pc.plan
        assert plan is not None
        plan.case = pc.case
        services.actions_add(
            actor=pc.worker,
            plan=plan,
            outcome=outcome,
            actions=[
                action(f"worker:{pc.worker.pk}", what=f"Action {i + 1} of outcome {n + 1}")
                for i in range(actions)
            ],
        )
    plan = pc.plan
    assert plan is not None
    plan.case = pc.case
    services.plan_agree(
        actor=pc.worker, plan=plan, expected_version=plan.version, agreed_on=TODAY()
    )
    pc.case.refresh_from_db()
    plan.refresh_from_db()
    return plan


def meeting_details(
    pc: PlannedCase, *, in_days: int = 7, hour: int = 10, **kwargs: Any
) -> MeetingDetails:
    day = days(in_days)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    invite = [f"worker:{pc.worker.pk}"]
    if pc.school_worker is not None:
        invite.append(f"worker:{pc.school_worker.pk}")
    invite.append(f"family:{pc.adults[0].pk}")
    values: dict[str, Any] = {
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=1),
        "location": "Northborough Family Hub, Room 2",
        "online_link": "",
        "invite": invite,
        "others": [],
    }
    values.update(kwargs)
    return MeetingDetails(**values)


# --------------------------------------------------------------------------- rows


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyPlan

    created_by = factory.SubFactory(UserFactory)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanOutcome

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    wanted = "Calmer mornings before school"
    updated_by = factory.SelfAttribute("plan.created_by")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanAction

    outcome = factory.SubFactory(OutcomeFactory)
    plan = factory.SelfAttribute("outcome.plan")
    number = factory.Sequence(lambda n: n + 1)
    what = "Speak to the school about a breakfast club place"
    owner_kind = OwnerKind.WORKER
    owner_user = factory.SelfAttribute("plan.created_by")
    start_on = factory.LazyFunction(lambda: days(-30))
    due_on = factory.LazyFunction(lambda: days(14))
    status = ActionStatus.IN_PROGRESS
    updated_by = factory.SelfAttribute("plan.created_by")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TafMeeting

    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(dt.datetime.combine(days(7), dt.time(10)))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    location = "Family hub"
    organiser = factory.SubFactory(UserFactory)


class InviteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingInvitee

    meeting = factory.SubFactory(MeetingFactory)
    kind = InviteeKind.OTHER
    name = factory.Faker("plain_name", locale="en_GB")
    organisation = "Voluntary sector"
    email = factory.Sequence(lambda n: f"guest{n}@example.org")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanReview

    reviewed_on = factory.LazyFunction(lambda: days(-7))
    progress_made = True
    note = "Attendance is up to 92%."
    recorded_by = factory.SelfAttribute("plan.created_by")


def case_in(state: str, pc: PlannedCase) -> Case:
    pc.case.state = state
    pc.case.save(update_fields=["state"])
    return pc.case


__all__ = ["State"]

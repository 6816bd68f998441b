"""Hand-built Supporting Families cases: every condition of a claim met, so a test can
take one condition away at a time (rows written directly; synthetic data only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from assessments.models import (
    Assessment,
    AssessmentProblem,
    HeadlineProblem,
    OutcomeFramework,
    ProblemProgress,
)
from cases.models import Case
from cases.workflow_states import State
from family_plans.models import FamilyPlan, PlanAction, PlanOutcome, PlanVersion, TafMeeting
from partners.models import Agency, User, Zone
from partners.roles import Role
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory
from tests.partners.factories import AgencyFactory, UserFactory, member
from tests.reporting.scorecard_data import at


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@dataclass
class ClaimCase:
    case: Case
    assessment: Assessment
    needs: list[HeadlineProblem]
    plan: FamilyPlan
    outcome: PlanOutcome
    action: PlanAction
    meeting: TafMeeting
    lead: User


def claim_case(
    *,
    zone: Zone | None = None,
    agency: Agency | None = None,
    needs: int = 3,
    closed_days_ago: int | None = 200,
    signed_days_ago: int = 300,
    reference: str | None = None,
) -> ClaimCase:
    """A family meeting every condition of a claim but the evidence audit: a lead
    practitioner, an assessment signed off `signed_days_ago` with `needs` needs, an agreed
    plan covering them, an action done and a TAF meeting held, significant progress on
    every need, closed with needs met `closed_days_ago` (None: still open)."""
    agency = agency or AgencyFactory()
    lead = member(Role.PRACTITIONER, agency=agency)
    family = FamilyFactory(family_hub__zone=zone) if zone else FamilyFactory()
    HouseholdMemberFactory(family=family)  # a 9-year-old
    closed = closed_days_ago is not None
    fields: dict[str, object] = {}
    if reference:
        fields["reference"] = reference
    case = CaseFactory(
        family=family,
        lead_agency=agency,
        lead_practitioner=lead,
        state=State.CLOSED if closed else State.PLAN_AND_REVIEW,
        closed_on=days_ago(closed_days_ago) if closed_days_ago is not None else None,
        closure_reason="needs_met" if closed else "",
        opened_on=days_ago(signed_days_ago + 30),
        **fields,
    )
    framework = OutcomeFramework.objects.get(is_current=True)
    assessment = Assessment.objects.create(
        case=case,
        number=1,
        state="signed_off",
        framework=framework,
        started_by=lead,
        signed_off_at=at(days_ago(signed_days_ago)),
    )
    headlines = list(framework.headlines.order_by("number")[:needs])
    for headline in headlines:
        AssessmentProblem.objects.create(assessment=assessment, headline=headline)
    plan = FamilyPlan.objects.create(case=case, created_by=lead, agreed_version=1)
    PlanVersion.objects.create(
        plan=plan, number=1, agreed_on=days_ago(signed_days_ago - 10), agreed_by=lead
    )
    outcome = PlanOutcome.objects.create(
        plan=plan, number=1, wanted="Things to be calmer at home", updated_by=lead
    )
    outcome.headline_problems.set(headlines)
    action = PlanAction.objects.create(
        plan=plan,
        outcome=outcome,
        number=1,
        what="Weekly parenting group",
        owner_kind="worker",
        owner_user=lead,
        start_on=days_ago(signed_days_ago - 10),
        due_on=days_ago(signed_days_ago - 60),
        status="done",
        updated_by=lead,
    )
    meeting = TafMeeting.objects.create(
        case=case,
        status="held",
        starts_at=at(days_ago(signed_days_ago - 40)),
        ends_at=at(days_ago(signed_days_ago - 40), 11),
        organiser=lead,
    )
    for headline in headlines:
        progress(case, headline, "significant", days_ago(signed_days_ago - 90))
    return ClaimCase(case, assessment, headlines, plan, outcome, action, meeting, lead)


def progress(case: Case, headline: HeadlineProblem, status: str, on: dt.date) -> ProblemProgress:
    return ProblemProgress.objects.create(
        case=case, headline=headline, status=status, recorded_on=on, recorded_by=UserFactory()
    )

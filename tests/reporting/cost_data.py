"""Hand-built closed cases for the cost avoided: needs identified at assessment, their
latest progress, children the enquiry was about (synthetic data only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assessments.models import Assessment, AssessmentProblem, OutcomeFramework, ProblemProgress
from cases.models import Case, StepAcross
from cases.workflow_states import State
from partners.models import Zone
from reporting.costs.importing import unit_costs_import
from reporting.models import EarlyHelpSpend
from tests.cases.factories import EnquiryFactory, HouseholdMemberFactory, TeamMemberFactory
from tests.partners.factories import UserFactory

HEADER = "service,activity,cost_item,unit_cost_gbp,annual_volume,cost_source,beneficiary\n"

UNIT_COSTS = HEADER + (
    "Children's social care,Children in need support,Child in need,1610,1661,NE 2015,"
    "Local authority\n"
    "Children's social care,Child protection,Child protection plan,5524,320,"
    "Saied-Tessier 2014,Local authority\n"
    "Schools,Managing exclusions,Pupils receiving one or more fixed period exclusions,730,"
    "1140,Misspent Youth 2007,Police\n"
    "Children's services / police,Domestic violence,Reported domestic violence case "
    "involving children,5550,566,Walby 2009,Police\n"
    "Children's social care,Children in care support,Looked after child,66064,487,"
    "NE 2015,Local authority\n"
)


def closed_with_needs(
    on: dt.date, children: int, needs: dict[str, str], *, zone: Zone | None = None
) -> Case:
    """A case closed with its needs met on `on`, its enquiry about `children` children, and
    its signed-off assessment's needs (part of a headline's name) with their latest
    progress."""
    extra = {"case__family__family_hub__zone": zone} if zone else {}
    enquiry = EnquiryFactory(
        case__state=State.CLOSED, case__closed_on=on, case__closure_reason="needs_met", **extra
    )
    for _ in range(children):
        enquiry.children.add(HouseholdMemberFactory(family=enquiry.case.family).person)
    framework = OutcomeFramework.objects.get(is_current=True)
    assessment = Assessment.objects.create(
        case=enquiry.case,
        number=1,
        state="signed_off",
        framework=framework,
        started_by=UserFactory(),
        signed_off_at=timezone.make_aware(dt.datetime(on.year - 1, 6, 1, 10)),
    )
    for fragment, status in needs.items():
        headline = framework.headlines.get(name__icontains=fragment)
        AssessmentProblem.objects.create(assessment=assessment, headline=headline)
        ProblemProgress.objects.create(
            case=enquiry.case,
            headline=headline,
            status=status,
            recorded_on=on - dt.timedelta(days=10),
            recorded_by=UserFactory(),
        )
    return enquiry.case


def outcomes_data(year: int) -> None:
    """Hand-built: three sustained cases and one re-referred, closed in `year`."""
    for volumes_year in (year, year + 1):
        assert unit_costs_import(actor=None, year=volumes_year, content=UNIT_COSTS).ok
    EarlyHelpSpend.objects.create(year=year, amount_gbp=Decimal("20000.00"))
    # A: 2 children; abuse and education both significant.
    closed_with_needs(
        dt.date(year, 2, 1), 2, {"abuse and exploitation": "significant", "education": "sustained"}
    )
    # B: 1 child; domestic abuse significant, education only some progress.
    closed_with_needs(
        dt.date(year, 3, 1), 1, {"domestic abuse": "significant", "education": "some_progress"}
    )
    # C: 3 children; abuse significant, but the case went to the child protection team.
    stepped_across = closed_with_needs(
        dt.date(year, 4, 1), 3, {"abuse and exploitation": "significant"}
    )
    StepAcross.objects.create(
        case=stepped_across,
        team_member=TeamMemberFactory(case=stepped_across),
        stepped_across_on=dt.date(year, 1, 10),
        reason="Section 47 enquiry",
        recorded_by=UserFactory(),
    )
    # D: re-referred within the 12 months: not sustained, valued at nothing.
    rereferred = closed_with_needs(
        dt.date(year, 5, 1), 2, {"abuse and exploitation": "significant"}
    )
    EnquiryFactory(
        case__family=rereferred.family,
        received_at=timezone.make_aware(dt.datetime(year, 9, 1, 10)),
    )

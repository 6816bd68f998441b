"""Cost-benefit figures: annual cost of late intervention, the value of reducing it, and
the cost the partnership's own closed cases avoided, with its assumptions stated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from assessments.models import Assessment, AssessmentProblem, ProblemProgress, ProgressStatus
from cases.models import Case, CaseTransition, Enquiry, StepAcross
from cases.workflow_states import State
from partners.models import Zone
from reporting.models import EarlyHelpSpend, UnitCost

PENNY = Decimal("0.01")
ONE_PERCENT = Decimal("0.01")
FIVE_PERCENT = Decimal("0.05")
POSITIVE_PROGRESS = [ProgressStatus.SIGNIFICANT, ProgressStatus.SUSTAINED]


def pounds(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostRow:
    service: str
    activity: str
    cost_item: str
    unit_cost: Decimal
    annual_volume: int
    beneficiary: str
    cost_source: str

    @property
    def annual_cost(self) -> Decimal:
        return pounds(self.unit_cost * self.annual_volume)

    @property
    def reduction_1pct(self) -> Decimal:
        return pounds(self.annual_cost * ONE_PERCENT)

    @property
    def reduction_5pct(self) -> Decimal:
        return pounds(self.annual_cost * FIVE_PERCENT)


@dataclass
class CostBenefit:
    year: int
    zone: Zone | None
    rows: list[CostRow]
    by_beneficiary: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def total_annual_cost(self) -> Decimal:
        return sum((r.annual_cost for r in self.rows), Decimal("0.00"))

    @property
    def total_reduction_1pct(self) -> Decimal:
        return sum((r.reduction_1pct for r in self.rows), Decimal("0.00"))

    @property
    def total_reduction_5pct(self) -> Decimal:
        return sum((r.reduction_5pct for r in self.rows), Decimal("0.00"))

    def as_json(self) -> dict[str, Any]:
        """Money as decimal strings in pounds and pence."""
        return {
            "year": self.year,
            "zone": self.zone.name if self.zone else None,
            "rows": [
                {
                    "cost_item": r.cost_item,
                    "unit_cost": str(r.unit_cost),
                    "annual_volume": r.annual_volume,
                    "annual_cost": str(r.annual_cost),
                    "reduction_1pct": str(r.reduction_1pct),
                    "reduction_5pct": str(r.reduction_5pct),
                    "beneficiary": r.beneficiary,
                }
                for r in self.rows
            ],
            "total_annual_cost": str(self.total_annual_cost),
            "total_reduction_1pct": str(self.total_reduction_1pct),
            "total_reduction_5pct": str(self.total_reduction_5pct),
            "by_beneficiary": {
                name: {k: str(v) for k, v in totals.items()}
                for name, totals in self.by_beneficiary.items()
            },
        }


def cost_benefit(*, year: int, zone: Zone | None = None) -> CostBenefit:
    """Per row and in total: annual cost = unit cost x volume, and 1% / 5% reductions."""
    rows = [
        CostRow(
            u.service,
            u.activity,
            u.cost_item,
            u.unit_cost_gbp,
            u.annual_volume,
            u.beneficiary,
            u.cost_source,
        )
        for u in UnitCost.objects.filter(year=year, zone=zone).order_by("id")
    ]
    figures = CostBenefit(year=year, zone=zone, rows=rows)
    totals: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {
            "annual_cost": Decimal("0.00"),
            "reduction_1pct": Decimal("0.00"),
            "reduction_5pct": Decimal("0.00"),
        }
    )
    for row in rows:
        entry = totals[row.beneficiary]
        entry["annual_cost"] += row.annual_cost
        entry["reduction_1pct"] += row.reduction_1pct
        entry["reduction_5pct"] += row.reduction_5pct
    figures.by_beneficiary = dict(sorted(totals.items()))
    return figures


@dataclass(frozen=True)
class AvoidableOutcome:
    """A late-intervention outcome (COSTS.md) whose absence the product can evidence from
    its own records, and the unit cost that values it."""

    key: str
    label: str
    cost_item: str  # matched, ignoring case, within the unit costs' cost items
    need: str  # a headline need whose name holds this, with positive progress ("" = none)
    per: str  # "child": each child the enquiry was about; "family": each case
    evidence: str


# The outcomes valued, in the order shown. Entry to care, hospital admissions, NEET and
# the other rows of the unit cost table are not valued: nothing the product records
# says a family was at risk of them.
AVOIDABLE: list[AvoidableOutcome] = [
    AvoidableOutcome(
        "child_in_need",
        "Support as a child in need (a step-up to children's social care)",
        "child in need",
        "",
        "child",
        "Every child of a sustained case: no step-up and no new enquiry for 12 months.",
    ),
    AvoidableOutcome(
        "child_protection",
        "A child protection plan",
        "child protection plan",
        "safe from abuse and exploitation",
        "child",
        "Children of sustained cases whose assessment identified the need 'children safe "
        "from abuse and exploitation' and whose latest progress on it was significant, "
        "and which were never stepped across to the child protection team.",
    ),
    AvoidableOutcome(
        "exclusion",
        "A fixed period exclusion from school",
        "fixed period exclusion",
        "good education",
        "child",
        "Children of sustained cases whose assessment identified the need 'getting a good "
        "education' and whose latest progress on it was significant.",
    ),
    AvoidableOutcome(
        "domestic_abuse",
        "A reported domestic abuse case involving children",
        "domestic violence case involving children",
        "domestic abuse",
        "family",
        "Sustained cases whose assessment identified the need 'safe from domestic abuse' "
        "and whose latest progress on it was significant (one case a family).",
    ),
]


@dataclass(frozen=True)
class OutcomeAvoided:
    outcome: AvoidableOutcome
    count: int  # children or families, as outcome.per says
    unit: UnitCost | None

    @property
    def value(self) -> Decimal:
        return pounds(self.unit.unit_cost_gbp * self.count) if self.unit else Decimal("0.00")


@dataclass(frozen=True)
class CostAvoided:
    year: int
    zone: Zone | None
    closed_cases: int
    sustained_cases: int
    children: int
    outcomes: list[OutcomeAvoided]
    spend: Decimal | None
    assumptions: list[str]

    @property
    def value(self) -> Decimal:
        return sum((o.value for o in self.outcomes), Decimal("0.00"))

    @property
    def per_pound(self) -> Decimal | None:
        """'£1 in, £x avoided', when spend is recorded."""
        if not self.spend:
            return None
        return pounds(self.value / self.spend)


def _unit_costs(year: int, zone: Zone | None) -> dict[str, UnitCost]:
    """The unit cost valuing each outcome: the zone's own row, else the whole area's."""
    rows = list(
        UnitCost.objects.filter(Q(zone=zone) | Q(zone__isnull=True), year=year).order_by("id")
    )
    found: dict[str, UnitCost] = {}
    for outcome in AVOIDABLE:
        matching = [u for u in rows if outcome.cost_item in u.cost_item.lower()]
        own = [u for u in matching if u.zone_id is not None]
        chosen = (own or matching)[:1]
        if chosen:
            found[outcome.key] = chosen[0]
    return found


def _need_met(fragment: str) -> Exists:
    """The case's latest signed-off assessment identified a need named like `fragment`, and
    the latest progress recorded on that need is significant (or sustained)."""
    latest_assessment = (
        Assessment.objects.filter(case_id=OuterRef(OuterRef("pk")), state="signed_off")
        .order_by("-number")
        .values("pk")[:1]
    )
    latest_progress = (
        ProblemProgress.objects.filter(
            case_id=OuterRef(OuterRef("pk")), headline_id=OuterRef("headline_id")
        )
        .order_by("-recorded_on", "-id")
        .values("status")[:1]
    )
    return Exists(
        AssessmentProblem.objects.filter(
            assessment_id=Subquery(latest_assessment), headline__name__icontains=fragment
        )
        .annotate(latest=Subquery(latest_progress))
        .filter(latest__in=POSITIVE_PROGRESS)
    )


def cost_avoided(
    *, year: int, zone: Zone | None = None, today: dt.date | None = None
) -> CostAvoided:
    """An estimate of what the year's successful closures avoided, outcome by outcome.

    A case closed in `year` with its needs met counts as sustained when, in the 12
    months after closure, the family had no step-up to children's social care and no
    new enquiry. Each outcome of AVOIDABLE is valued for the sustained cases at risk of
    it (by the evidence it names) at the year's unit cost of that outcome. Counted in
    one aggregate query over the sustained cases, whatever their number.
    """
    today = today or timezone.localdate()
    closed = Case.objects.filter(state=State.CLOSED, closed_on__year=year)
    if zone is not None:
        closed = closed.filter(zone=zone)
    needs_met = closed.filter(closure_reason="needs_met")
    later_enquiry = Enquiry.objects.filter(
        case__family_id=OuterRef("family_id"),
        received_at__date__gt=OuterRef("closed_on"),
        received_at__date__lte=OuterRef("closed_on") + dt.timedelta(days=365),
    )
    stepped_up = CaseTransition.objects.filter(case_id=OuterRef("pk"), name="step_up")
    sustained = (
        needs_met.filter(closed_on__lte=today - dt.timedelta(days=365))
        .exclude(Exists(later_enquiry))
        .exclude(Exists(stepped_up))
    )
    counted: dict[str, Count] = {}
    for outcome in AVOIDABLE:
        risk: Q | None = None
        if outcome.need:
            risk = Q(_need_met(outcome.need))
            if outcome.key == "child_protection":
                risk &= ~Q(Exists(StepAcross.objects.filter(case_id=OuterRef("pk"))))
        if outcome.per == "child":
            counted[outcome.key] = Count("enquiry__children", filter=risk)
        else:
            counted[outcome.key] = Count("pk", distinct=True, filter=risk)
    counts = sustained.aggregate(
        cases=Count("pk", distinct=True), children=Count("enquiry__children"), **counted
    )
    units = _unit_costs(year, zone)
    outcomes = [OutcomeAvoided(o, int(counts[o.key] or 0), units.get(o.key)) for o in AVOIDABLE]
    spend_row = EarlyHelpSpend.objects.filter(year=year, zone=zone).first()
    return CostAvoided(
        year=year,
        zone=zone,
        closed_cases=closed.count(),
        sustained_cases=int(counts["cases"] or 0),
        children=int(counts["children"] or 0),
        outcomes=outcomes,
        spend=spend_row.amount_gbp if spend_row else None,
        assumptions=_assumptions(outcomes),
    )


def _assumptions(outcomes: list[OutcomeAvoided]) -> list[str]:
    valued = []
    for o in outcomes:
        if o.unit is None:
            cost = "no unit cost with this name is recorded for the year, so it is not valued"
        else:
            source = o.unit.cost_source or "source not given"
            cost = f"£{o.unit.unit_cost_gbp} ({o.unit.cost_item}, {source})"
        valued.append(f"{o.outcome.label}: {o.outcome.evidence} Valued at {cost}.")
    return [
        "Counts cases closed in the year with their needs met, whose 12 months after "
        "closure have passed without a step-up to children's social care or a new "
        "enquiry for the family.",
        *valued,
        "The product receives no school, police or social care records: a family's not "
        "coming back (no new enquiry, no step-up) for 12 months is taken as the sign that "
        "none of these happened.",
        "Entry to care, hospital admissions, substance misuse treatment and young people "
        "not in education, employment or training are not valued: nothing recorded here "
        "shows a family was at risk of them.",
        "Assumes each child or family counted would otherwise have needed that service "
        "for a year; a child can count under more than one outcome, as each is a "
        "different cost. Attribution is an estimate: other services and the family's own "
        "efforts also contributed.",
    ]


@dataclass(frozen=True)
class OutcomeShown:
    outcome: AvoidableOutcome
    unit: UnitCost | None
    count: str
    value: Decimal | None  # None: not shown to this reader


@dataclass(frozen=True)
class AvoidedShown:
    """The cost avoided as a reader sees it. For a reader who sees suppressed figures a
    count from 1 to 4 reads "fewer than 5", and a £ value built on one is not shown
    (unit cost x count would give the count back); the total, and "£1 in, £x avoided",
    only when every count under them is shown; the sustained cases beside the cases
    closed, only when the rest of the closed cases is not a small number."""

    year: int
    zone: Zone | None
    closed_cases: str
    sustained_cases: str
    children: str
    outcomes: list[OutcomeShown]
    value: Decimal | None
    spend: Decimal | None
    per_pound: Decimal | None
    assumptions: list[str]

    @property
    def hidden(self) -> bool:
        return self.value is None


def avoided_shown(avoided: CostAvoided, *, suppress: bool) -> AvoidedShown:
    from reporting.scorecard.present import breakdown_texts, count_text, is_small

    def small(n: int) -> bool:
        return suppress and is_small(n)

    outcomes = [
        OutcomeShown(
            o.outcome,
            o.unit,
            count_text(o.count, suppress),
            None if small(o.count) else o.value,
        )
        for o in avoided.outcomes
    ]
    any_hidden = any(o.value is None for o in outcomes) or small(avoided.children)
    closed = avoided.closed_cases
    split = breakdown_texts(
        [avoided.sustained_cases, closed - avoided.sustained_cases], suppress=suppress
    )
    assumptions = list(avoided.assumptions)
    if any_hidden:
        assumptions.insert(
            0,
            "Some of these figures rest on fewer than 5 children or families, so the "
            "amounts built on them (and the total) are not shown.",
        )
    return AvoidedShown(
        year=avoided.year,
        zone=avoided.zone,
        closed_cases=count_text(closed, suppress),
        sustained_cases=split[0] if split else count_text(avoided.sustained_cases, suppress),
        children=count_text(avoided.children, suppress),
        outcomes=outcomes,
        value=None if any_hidden else avoided.value,
        spend=avoided.spend,
        per_pound=None if any_hidden else avoided.per_pound,
        assumptions=assumptions,
    )

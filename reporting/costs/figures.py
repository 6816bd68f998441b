"""Cost-benefit figures: annual cost of late intervention, the value of reducing it, and
the cost the partnership's own closed cases avoided, with its assumptions stated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from cases.models import Case, CaseTransition, Enquiry
from cases.workflow_states import State
from partners.models import Zone
from reporting.models import EarlyHelpSpend, UnitCost

PENNY = Decimal("0.01")
ONE_PERCENT = Decimal("0.01")
FIVE_PERCENT = Decimal("0.05")


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
class CostAvoided:
    year: int
    zone: Zone | None
    closed_cases: int
    sustained_cases: int
    children: int
    unit_cost_item: str | None
    unit_cost: Decimal | None
    value: Decimal
    spend: Decimal | None
    assumptions: list[str]

    @property
    def per_pound(self) -> Decimal | None:
        """'£1 in, £x avoided', when spend is recorded."""
        if not self.spend:
            return None
        return pounds(self.value / self.spend)


def _child_in_need_cost(year: int, zone: Zone | None) -> UnitCost | None:
    costs = UnitCost.objects.filter(year=year, cost_item__icontains="child in need")
    return costs.filter(zone=zone).first() or costs.filter(zone__isnull=True).first()


def cost_avoided(
    *, year: int, zone: Zone | None = None, today: dt.date | None = None
) -> CostAvoided:
    """An estimate of what the year's successful closures avoided.

    A case closed in `year` with its needs met counts as sustained when, in the 12
    months after closure, the family had no step-up to children's social care and no
    new enquiry. Each child of a sustained case is valued at the unit cost of a child in
    need episode (the late intervention early help most often prevents).
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
    children = (
        sustained.aggregate(
            n=Count("enquiry__children", filter=Q(enquiry__children__isnull=False))
        )["n"]
        or 0
    )
    unit = _child_in_need_cost(year, zone)
    value = pounds(unit.unit_cost_gbp * children) if unit else Decimal("0.00")
    spend_row = EarlyHelpSpend.objects.filter(year=year, zone=zone).first()
    assumptions = [
        "Counts cases closed in the year with their needs met, whose 12 months after "
        "closure have passed without a step-up to children's social care or a new "
        "enquiry for the family.",
        "Values each child the enquiry was about at the unit cost of a child in need "
        "episode"
        + (
            f" (£{unit.unit_cost_gbp}, {unit.cost_source or 'source not given'})"
            if unit
            else " — no such unit cost is recorded for the year, so nothing is valued"
        )
        + ".",
        "Assumes each of these children would otherwise have needed that support for a "
        "year. Attribution is an estimate: other services and the family's own efforts "
        "also contributed.",
    ]
    return CostAvoided(
        year=year,
        zone=zone,
        closed_cases=closed.count(),
        sustained_cases=sustained.count(),
        children=children,
        unit_cost_item=unit.cost_item if unit else None,
        unit_cost=unit.unit_cost_gbp if unit else None,
        value=value,
        spend=spend_row.amount_gbp if spend_row else None,
        assumptions=assumptions,
    )

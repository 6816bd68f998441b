# mypy: disallow-untyped-defs
"""What the scorecard dashboard, its CSV/XLSX exports and the board pack show, read from
the snapshots in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum
from django.utils.safestring import SafeString, mark_safe

from assessments.models import StarScale, StarType
from partners.models import Agency, FamilyHub, Zone
from partners.roles import AgencyKind
from reporting.models import RollupRun, ScorecardSnapshot
from reporting.scorecard.chart import trend_svg
from reporting.scorecard.engine import ZERO, Figure, stored_figures, stored_trend
from reporting.scorecard.measures import BY_KEY, SHOWN, STAR_SCALES, Group, Kind, Measure
from reporting.scorecard.periods import Period, PeriodKind, Scope
from reporting.scorecard.present import (
    FEWER,
    HIDDEN,
    AdminFigures,
    Value,
    admin_figures,
    breakdown_texts,
    hidden_cells,
    step_down_share,
    value_of,
)

TREND_MONTHS = 12


@dataclass
class Row:
    measure: Measure
    value: Value
    trend_labels: list[str]
    trend: list[Value]
    chart: SafeString

    @property
    def target_met(self) -> bool | None:
        target = self.measure.target
        if target is None or self.value.number is None:
            return None
        if target.at_most:
            return self.value.number <= target.value
        return self.value.number >= target.value


@dataclass
class Breakdown:
    measure: Measure
    rows: list[tuple[str, str]]  # agency type, count shown
    withheld: bool = False  # too small to show without giving a cell away


@dataclass
class Scorecard:
    period: Period
    scope: Scope
    scope_label: str
    suppressed: bool
    groups: list[tuple[str, list[Row]]]
    breakdowns: list[Breakdown]
    star_scales: list[tuple[str, Value]]
    last_run: RollupRun | None
    rows_by_key: dict[str, Row] = field(default_factory=dict)
    step_down_share: Value | None = None  # S4 as a share of social care's closures: years only

    @property
    def has_data(self) -> bool:
        return self.last_run is not None


def scope_label(scope: Scope) -> str:
    if scope.zone_id is not None:
        zone = Zone.objects.filter(pk=scope.zone_id).first()
        return f"{zone.name} zone" if zone else "Unknown zone"
    if scope.hub_id is not None:
        hub = FamilyHub.objects.filter(pk=scope.hub_id).first()
        return hub.name if hub else "Unknown family hub"
    if scope.agency_id is not None:
        agency = Agency.objects.filter(pk=scope.agency_id).first()
        return agency.name if agency else "Unknown agency"
    return "The whole area"


def _breakdowns(period: Period, scope: Scope, suppress: bool) -> list[Breakdown]:
    keys = [m.key for m in SHOWN if m.by_agency_kind]
    rows = ScorecardSnapshot.objects.filter(
        measure__in=keys, month__gte=period.start, month__lte=period.last_month
    )
    if scope.column is not None:
        rows = rows.filter(
            **{{"hub_id": "family_hub_id"}.get(scope.column, scope.column): scope.value}
        )
    totals: dict[str, dict[str, int]] = {key: {} for key in keys}
    for row in rows.values("measure", "agency__kind").annotate(n=Sum("numerator")):
        kind = row["agency__kind"] or ""
        totals[row["measure"]][kind] = int(row["n"] or 0)
    labels = dict(AgencyKind.choices)
    found = []
    for key in keys:
        cells = [
            (labels.get(kind, "Families and others (no agency)"), n)
            for kind, n in sorted(totals[key].items())
        ]
        texts = breakdown_texts([n for _, n in cells], suppress=suppress)
        if texts is None:
            found.append(Breakdown(BY_KEY[key], [], withheld=True))
            continue
        shown = [(label, n, text) for (label, n), text in zip(cells, texts, strict=True)]
        # Largest first; hidden cells last in the order of their names, so their places
        # in the table say nothing of their sizes.
        shown.sort(key=lambda c: (1, 0, c[0]) if c[2] in (FEWER, HIDDEN) else (0, -c[1], c[0]))
        found.append(Breakdown(BY_KEY[key], [(label, text) for label, _, text in shown]))
    return found


def _protect_trend(
    measure: Measure,
    period: Period,
    months: list[Period],
    trend: list[Value],
    history: list[Figure],
    suppress: bool,
) -> list[Value]:
    """The months of a quarter or a year add up to the period's count shown beside them,
    so for a count the months inside the period are a breakdown of it (the module rule of
    reporting.scorecard.present)."""
    if measure.kind is not Kind.COUNT or period.length == 1 or not suppress:
        return trend
    inside = [i for i, p in enumerate(months) if period.start <= p.start <= period.last_month]
    found = hidden_cells([history[i].numerator for i in inside], suppress=suppress)
    if found is None:
        hidden, uniform = set(range(len(inside))), True
    else:
        hidden, uniform = found
    protected = list(trend)
    for position in hidden:
        text = HIDDEN if uniform else FEWER
        protected[inside[position]] = Value(None, text, text)
    return protected


def _star_scales(
    figures: dict[str, Figure], admin: AdminFigures, year: int, suppress: bool
) -> list[tuple[str, Value]]:
    star = StarType.objects.filter(is_default=True).first() or StarType.objects.first()
    names = (
        dict(StarScale.objects.filter(star_type=star).values_list("number", "name")) if star else {}
    )
    found = []
    for n in range(1, STAR_SCALES + 1):
        measure = BY_KEY[f"O1.{n}"]
        found.append(
            (
                names.get(n, f"Scale {n}"),
                value_of(
                    measure,
                    figures.get(measure.key, ZERO),
                    year=year,
                    admin=admin,
                    suppress=suppress,
                ),
            )
        )
    return found


def scorecard(*, period: Period, scope: Scope, suppress: bool) -> Scorecard:
    """Every shown measure for the period and scope, with a 12-month trend each."""
    figures = stored_figures(period, scope)
    months = Period(PeriodKind.MONTH, period.last_month).previous(TREND_MONTHS)
    trend = stored_trend(months, scope)
    years = {p.start.year for p in months} | {period.last_month.year}
    admin = admin_figures(scope, years)
    year = period.last_month.year
    grouped: dict[str, list[Row]] = {g.value: [] for g in Group}
    by_key: dict[str, Row] = {}
    labels = [m.short_label for m in months]
    for measure in SHOWN:
        value = value_of(
            measure, figures.get(measure.key, ZERO), year=year, admin=admin, suppress=suppress
        )
        history = trend.get(measure.key, [ZERO] * len(months))
        trend_values = _protect_trend(
            measure,
            period,
            months,
            [
                value_of(measure, fig, year=p.start.year, admin=admin, suppress=suppress)
                for p, fig in zip(months, history, strict=True)
            ],
            history,
            suppress,
        )
        chart = trend_svg(
            title=f"{measure.key}: {measure.title}, last {TREND_MONTHS} months",
            labels=labels,
            values=[v.number for v in trend_values],
            unit=measure.unit,
            target=measure.target.value if measure.target else None,
            id_prefix=f"trend-{measure.key.replace('.', '-')}",
            gap_reasons=[v.text if v.number is None else "" for v in trend_values],
        )
        row = Row(measure, value, labels, trend_values, mark_safe(chart))  # noqa: S308 - trend_svg escapes
        grouped[measure.group.value].append(row)
        by_key[measure.key] = row
    return Scorecard(
        period=period,
        scope=scope,
        scope_label=scope_label(scope),
        suppressed=suppress,
        groups=[(name, rows) for name, rows in grouped.items() if rows],
        breakdowns=_breakdowns(period, scope, suppress),
        star_scales=_star_scales(figures, admin, year, suppress),
        last_run=RollupRun.objects.filter(status="done").order_by("-finished_at").first(),
        rows_by_key=by_key,
        step_down_share=(
            step_down_share(
                figures.get("S4", ZERO).numerator, year=year, admin=admin, suppress=suppress
            )
            if period.kind is PeriodKind.YEAR
            else None
        ),
    )


def export_rows(card: Scorecard) -> tuple[list[str], list[list[Any]]]:
    """The figures as a table: one row per measure, the trend months as columns."""
    header = [
        "Measure",
        "Title",
        "Period",
        "Scope",
        "Numerator",
        "Denominator",
        "Value",
        "Unit",
        "Target",
        "How it is calculated",
        "Agency basis",
    ]
    first = next(iter(card.rows_by_key.values()), None)
    if first is not None:
        header += first.trend_labels
    rows = []
    for _, group_rows in card.groups:
        for row in group_rows:
            m = row.measure
            rows.append(
                [
                    m.key,
                    m.title,
                    card.period.label,
                    card.scope_label,
                    row.value.numerator,
                    row.value.denominator,
                    row.value.text,
                    m.unit,
                    m.target.text if m.target else "",
                    m.how,
                    m.agency_basis,
                    *[v.text for v in row.trend],
                ]
            )
    for name, value in card.star_scales:
        rows.append(
            [
                "O1 scale",
                f"Mean Outcome Star change: {name}",
                card.period.label,
                card.scope_label,
                "",
                value.denominator,
                value.text,
                "points",
                "",
                BY_KEY["O1.1"].how,
                "",
            ]
        )
    if card.step_down_share is not None:
        share = card.step_down_share
        rows.append(
            [
                "S4 share",
                "Step-downs as a share of the cases children's social care closed",
                card.period.label,
                card.scope_label,
                share.numerator,
                share.denominator,
                share.text,
                "%",
                "",
                BY_KEY["S4"].how,
                BY_KEY["S4"].agency_basis,
            ]
        )
    for breakdown in card.breakdowns:
        if breakdown.withheld:
            rows.append(
                [
                    f"{breakdown.measure.key} by agency type",
                    "Not shown: the numbers are too small",
                    card.period.label,
                    card.scope_label,
                    "",
                    "",
                    "",
                    breakdown.measure.unit,
                    "",
                    "",
                    "",
                ]
            )
        for kind, shown in breakdown.rows:
            rows.append(
                [
                    f"{breakdown.measure.key} by agency type",
                    kind,
                    card.period.label,
                    card.scope_label,
                    shown,
                    "",
                    shown,
                    breakdown.measure.unit,
                    "",
                    "",
                    "",
                ]
            )
    return header, rows

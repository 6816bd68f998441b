# mypy: disallow-untyped-defs
"""Turning figures into what people read: values, rates per 10,000, shares, and the
suppression of small numbers for readers who see aggregates only.

Suppression: any count, numerator or denominator from 1 to 4 is shown as "fewer than
5", and a rate, share or average derived from one is not shown at all. Zero is shown:
it identifies nobody. Managers and coordinators, who work with the cases, see the exact
numbers of the aggregates; strategic leads (and everyone else) see them suppressed.

Secondary suppression: a breakdown shown beside its total (enquiries by type of agency
beside P3, the months of a quarter beside the quarter, enquiries by source beside a
zone's P3, each agency beside its type) would give a hidden cell away as the total minus
the cells shown. `breakdown_texts` applies the rule, for readers who see suppressed
figures and a total of 5 or more:

- the cells from 1 to 4 are hidden ("fewer than 5"), and that is enough when there are
  at least two of them and their sum (total minus the shown cells) could be split more
  than one way: more than one each and less than four each;
- otherwise the smallest shown cell above zero is hidden as well, and then every hidden
  cell of that breakdown reads "not shown", so no one can tell the small cells from the
  larger one (the hidden cells then number at least two and sum to at least their
  number plus five, which many splits fit);
- a breakdown with no such cell to add is not shown at all.

Differencing across separate pages of different scopes or periods (a zone against the
whole area, one quarter against the year) is outside this rule: each view protects the
figures it shows together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from partners.roles import Role
from partners.selectors import user_has_any_role
from reporting.models import ChildPopulation, FamiliesEstimate, SocialCareFigures
from reporting.scorecard.engine import Figure
from reporting.scorecard.measures import Kind, Measure
from reporting.scorecard.periods import Scope

SUPPRESS_BELOW = 5
FEWER = "fewer than 5"
HIDDEN = "not shown"
EXACT_READERS = frozenset({Role.MANAGER, Role.COORDINATOR})


def suppresses_for(user: Any) -> bool:
    """Whether small numbers are hidden from this reader."""
    return not user_has_any_role(user=user, roles=EXACT_READERS)


def is_small(number: int | None) -> bool:
    return number is not None and 0 < number < SUPPRESS_BELOW


def count_text(number: int | None, suppress: bool) -> str:
    if number is None:
        return ""
    if suppress and is_small(number):
        return FEWER
    return f"{number:,}"


@dataclass
class AdminFigures:
    """What the administrator recorded for a scope, by year."""

    population: dict[int, int] = field(default_factory=dict)
    families_in_need: dict[int, int] = field(default_factory=dict)
    children_in_need: dict[int, int] = field(default_factory=dict)
    children_in_care: dict[int, int] = field(default_factory=dict)
    social_care_closed: dict[int, int] = field(default_factory=dict)


def admin_figures(scope: Scope, years: set[int]) -> AdminFigures:
    """Population, estimated families in need and social care figures: the zone's own
    rows for a zone; the whole-area row (or the sum of the zones) for the area; nothing
    for a family hub or an agency. Three queries."""
    found = AdminFigures()
    if scope.hub_id is not None or scope.agency_id is not None:
        return found

    def rows(model: Any) -> Any:
        qs = model.objects.filter(year__in=years)
        return qs.filter(zone_id=scope.zone_id) if scope.zone_id else qs

    def pick(qs: Any, column: str, target: dict[int, int]) -> None:
        if scope.zone_id:
            for year, value in qs.values_list("year", column):
                if value is not None:
                    target[year] = value
            return
        area = dict(qs.filter(zone__isnull=True).values_list("year", column))
        zones = {
            row["year"]: row["total"]
            for row in qs.filter(zone__isnull=False).values("year").annotate(total=Sum(column))
        }
        for year in years:
            value = area.get(year, zones.get(year))
            if value is not None:
                target[year] = value

    pick(rows(ChildPopulation), "children", found.population)
    estimates = list(rows(FamiliesEstimate))
    area_estimate = {e.year: e.estimated_in_need for e in estimates if e.zone_id is None}
    zone_estimates: dict[int, int] = {}
    for e in estimates:
        if e.zone_id is not None:
            zone_estimates[e.year] = zone_estimates.get(e.year, 0) + e.estimated_in_need
    for year in years:
        if scope.zone_id:
            chosen = zone_estimates.get(year)
        else:
            chosen = area_estimate.get(year, zone_estimates.get(year))
        if chosen is not None:
            found.families_in_need[year] = chosen
    social = rows(SocialCareFigures)
    pick(social, "children_in_need", found.children_in_need)
    pick(social, "children_in_care", found.children_in_care)
    pick(social, "cases_closed", found.social_care_closed)
    return found


@dataclass(frozen=True)
class Value:
    """A measure's value as shown: `number` is None when it is hidden or unavailable."""

    number: float | None
    text: str
    numerator: str = ""
    denominator: str = ""
    note: str = ""

    @property
    def hidden(self) -> bool:
        return self.number is None


def _ambiguous_small(hidden: Sequence[int]) -> bool:
    """Whether cells known to be from 1 to 4, with a known sum, can be split more than one
    way: at least two of them, and neither all ones nor all fours."""
    total = sum(hidden)
    return len(hidden) >= 2 and len(hidden) < total < 4 * len(hidden)


def hidden_cells(counts: Sequence[int], *, suppress: bool) -> tuple[set[int], bool] | None:
    """The positions of a breakdown's cells to hide from this reader, and whether they
    must all read "not shown" (secondary suppression applied); None when the breakdown
    cannot be shown without giving a small cell away. The total of `counts` is taken
    to be shown whenever it is not itself small (see the module's rule)."""
    if not suppress:
        return set(), False
    primary = {i for i, n in enumerate(counts) if is_small(n)}
    if not primary or is_small(sum(counts)) or _ambiguous_small([counts[i] for i in primary]):
        return primary, False
    shown = sorted((n, i) for i, n in enumerate(counts) if n > 0 and i not in primary)
    if not shown:
        return None
    return primary | {shown[0][1]}, True


def breakdown_texts(counts: Sequence[int], *, suppress: bool) -> list[str] | None:
    """The cells of a breakdown shown beside its total, as the reader may see them."""
    found = hidden_cells(counts, suppress=suppress)
    if found is None:
        return None
    hidden, uniform = found
    return [
        (HIDDEN if uniform else FEWER) if i in hidden else f"{n:,}" for i, n in enumerate(counts)
    ]


def share_value(numerator: int, denominator: int, suppress: bool) -> Value:
    """A share of two counts, hidden when either is small for this reader."""
    n, d = numerator, denominator
    if d == 0:
        return Value(None, "No cases", "0", "0", "No cases in this period.")
    num_text, den_text = count_text(n, suppress), count_text(d, suppress)
    if suppress and (is_small(n) or is_small(d)):
        return Value(None, "Not shown", num_text, den_text, "Based on fewer than 5.")
    share = 100 * n / d
    return Value(share, f"{share:.0f}%", num_text, den_text)


def applies_from(year: int) -> str:
    """Which entered figures a rate used: administrators enter them per calendar year."""
    return f"Using the figures entered for {year}, which apply from 1 January {year}."


def _per_10k(count: int, population: int | None) -> float | None:
    return None if not population else count / population * 10_000


def value_of(
    measure: Measure,
    figure: Figure,
    *,
    year: int,
    admin: AdminFigures,
    suppress: bool,
) -> Value:
    n, d = figure.numerator, figure.denominator
    kind = measure.kind
    if kind in (Kind.COUNT, Kind.DISTINCT):
        if suppress and is_small(n):
            return Value(None, FEWER, FEWER)
        return Value(float(n), f"{n:,}", f"{n:,}")
    if kind is Kind.AVERAGE:
        if d == 0:
            return Value(None, "No cases", "", "0", "Nothing to average in this period.")
        if suppress and is_small(d):
            return Value(None, "Not shown", "", FEWER, "Based on fewer than 5 cases.")
        average = n / d
        return Value(average, f"{average:.1f}", "", f"{d:,}")
    if kind is Kind.SHARE:
        return share_value(n, d, suppress)
    if kind is Kind.STOCK:
        population = admin.population.get(year)
        if suppress and is_small(n):
            return Value(None, "Not shown", FEWER, count_text(population, False))
        rate = _per_10k(n, population)
        if rate is None:
            return Value(
                None, "Population not recorded", f"{n:,}", "", "Children counted: " + f"{n:,}."
            )
        return Value(rate, f"{rate:.1f}", f"{n:,}", f"{population:,}", applies_from(year))
    if kind is Kind.PENETRATION:
        estimate = admin.families_in_need.get(year)
        if suppress and is_small(n):
            return Value(None, "Not shown", FEWER, count_text(estimate, False))
        if not estimate:
            return Value(None, "Estimate not recorded", f"{n:,}", "", f"Families supported: {n:,}.")
        share = 100 * n / estimate
        return Value(share, f"{share:.1f}%", f"{n:,}", f"{estimate:,}", applies_from(year))
    # Kind.ADMIN: entered figures per 10,000 children
    source = admin.children_in_need if measure.key == "S5" else admin.children_in_care
    count = source.get(year)
    population = admin.population.get(year)
    if count is None:
        return Value(None, "Not recorded", "", "", "Entered by the administrator each year.")
    if suppress and is_small(count):
        return Value(None, "Not shown", FEWER, count_text(population, False))
    rate = _per_10k(count, population)
    if rate is None:
        return Value(None, "Population not recorded", f"{count:,}", "")
    return Value(rate, f"{rate:.1f}", f"{count:,}", f"{population:,}", applies_from(year))


def step_down_share(step_downs: int, *, year: int, admin: AdminFigures, suppress: bool) -> Value:
    """S4 for a year: the families stepped down to early help as a share of the episodes
    children's social care closed that year (the administrator's figure from its returns).
    Social care's closures are counted by calendar year, so only a year has a share."""
    closed = admin.social_care_closed.get(year)
    if closed is None:
        return Value(
            None,
            "Not recorded",
            count_text(step_downs, suppress),
            "",
            "The administrator records social care's closed cases each year.",
        )
    return share_value(step_downs, closed, suppress)

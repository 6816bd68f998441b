# mypy: disallow-untyped-defs
# ruff: noqa: S608 - SQL is built from the measures' constant SQL and column names; values are parameters
"""Computing measures: live for a period and scope, or as monthly snapshots (the rollup),
and reading snapshots back. Both go through the same grouped SQL, and both re-aggregate
numerators and denominators (never rates), so a stored quarter equals a live quarter.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from reporting.models import ScorecardSnapshot
from reporting.scorecard import sql
from reporting.scorecard.calendar import ensure_calendar, region
from reporting.scorecard.measures import BY_KEY, STORED, Kind, Measure
from reporting.scorecard.periods import AREA, Period, Scope, add_months, month_end, months_between

logger = logging.getLogger(__name__)

SCOPE_COLUMNS = {"zone_id": "zone_id", "hub_id": "family_hub_id", "agency_id": "agency_id"}


@dataclass(frozen=True)
class Figure:
    """A measure's numerator and denominator for one period and scope.

    For an average the numerator is the total and the denominator how many; for a count
    or a distinct count the denominator is 0.
    """

    numerator: int
    denominator: int

    def __add__(self, other: Figure) -> Figure:
        return Figure(self.numerator + other.numerator, self.denominator + other.denominator)


ZERO = Figure(0, 0)


def _params(first: dt.date, last: dt.date, today: dt.date | None = None) -> dict[str, Any]:
    return {
        "start": first,
        "end": month_end(last),
        "first_month": first,
        "last_month": last,
        "tz": settings.TIME_ZONE,
        "region": region(),
        "today": today or timezone.localdate(),
    }


def monthly_sql(
    measure: Measure, scope: Scope | None = None, *, moments_built: bool = False
) -> str:
    """Events grouped by month, zone, hub and agency, within %(start)s..%(end)s.

    With `moments_built`, the measure reads each case's moments from the temporary table
    the rollup built once (`build_moments`) instead of working them out again.
    """
    where = ""
    if scope is not None and scope.column is not None:
        where = f" AND ev.{scope.column} = %(scope)s"
    events = measure.sql or ""
    if moments_built:
        events = sql.moments_from_table(events)
    return (
        "SELECT date_trunc('month', ev.on_date)::date AS month, ev.zone_id, ev.hub_id,"
        " ev.agency_id, SUM(ev.num)::bigint AS numerator, SUM(ev.den)::bigint AS denominator"
        f" FROM ({events}) ev"
        " WHERE ev.on_date BETWEEN %(start)s AND %(end)s AND ev.num IS NOT NULL" + where + ""
        " GROUP BY 1, 2, 3, 4"
    )


def _live(
    measure: Measure, first: dt.date, last: dt.date, scope: Scope, today: dt.date | None
) -> Figure:
    """One measure over whole months first..last, re-aggregated as its kind says."""
    if measure.sql is None:
        return ZERO
    ensure_calendar()
    params = _params(first, last, today)
    params["scope"] = scope.value
    inner = monthly_sql(measure, scope)
    if measure.kind is Kind.DISTINCT:
        outer = (
            f"SELECT COUNT(DISTINCT agency_id) FILTER (WHERE numerator > 0), 0 FROM ({inner}) mth"
        )
    elif measure.kind is Kind.STOCK:
        outer = (
            "SELECT COALESCE(SUM(numerator), 0), COALESCE(SUM(denominator), 0)"
            f" FROM ({inner}) mth WHERE month = %(last_month)s"
        )
    else:
        outer = (
            f"SELECT COALESCE(SUM(numerator), 0), COALESCE(SUM(denominator), 0) FROM ({inner}) mth"
        )
    with connection.cursor() as cursor:
        cursor.execute(outer, params)
        row = cursor.fetchone()
    return Figure(int(row[0] or 0), int(row[1] or 0))


def compute(
    key: str, period: Period, scope: Scope = AREA, *, today: dt.date | None = None
) -> Figure:
    """The measure's numerator and denominator for a period and scope, from the live data."""
    measure = BY_KEY[key]
    if measure.kind is Kind.PENETRATION:
        before = add_months(period.start, -1)
        opening = _live(BY_KEY["S9o"], before, before, scope, today)
        new = _live(BY_KEY["S9n"], period.start, period.last_month, scope, today)
        return Figure(opening.numerator + new.numerator, 0)
    return _live(measure, period.start, period.last_month, scope, today)


# --------------------------------------------------------------------------- rollup


def rollup(*, first: dt.date, last: dt.date, today: dt.date | None = None) -> int:
    """Recompute and store every stored measure for the months first..last.

    Idempotent: the months' snapshots are replaced in one transaction, so a re-run gives
    identical rows and a reader never sees a half-written month. Returns rows written.
    """
    first, last = first.replace(day=1), last.replace(day=1)
    if last < first:
        raise ValueError("The last month is before the first")
    ensure_calendar()
    params = _params(first, last, today)
    params["now"] = timezone.now()
    table = ScorecardSnapshot._meta.db_table
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('scorecard-rollup'))")
        # About forty middle-sized queries: compiling each with JIT cost more than it saved
        # (one month at 100,000 families: S3 3.0 s with JIT, 1.2 s without).
        cursor.execute("SET LOCAL jit = off")
        build_moments(cursor, params)
        ScorecardSnapshot.objects.filter(month__gte=first, month__lte=last).delete()
        for measure in STORED:
            params["key"] = measure.key
            cursor.execute(
                f"INSERT INTO {table} (measure, month, zone_id, family_hub_id, agency_id,"
                " numerator, denominator, computed_at)"
                " SELECT %(key)s, month, zone_id, hub_id, agency_id, numerator, denominator,"
                f" %(now)s FROM ({monthly_sql(measure, moments_built=True)}) mth",
                params,
            )
            written += cursor.rowcount
        cursor.execute(f"DROP TABLE pg_temp.{sql.MOMENTS_TABLE}")
    logger.info("scorecard rollup %s..%s: %s rows", first, last, written)
    return written


def build_moments(cursor: Any, params: dict[str, Any]) -> None:
    """Each case's moments, once, into a temporary table dropped at the end of the rollup.

    Ten measures start from when each case was received, allocated, assessed and stepped
    up; working that out reads every case and transition (about 1.3 s at 100,000
    families), which each of the ten did again. Indexed on the family for S3's look
    back over the family's other cases, and analysed so each measure is planned on it.
    """
    # Inside an outer transaction (a test, a caller's atomic block) ON COMMIT has not come
    # yet when the next rollup starts: the table is dropped first, and after the measures.
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{sql.MOMENTS_TABLE}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {sql.MOMENTS_TABLE} ON COMMIT DROP AS" + sql.MOMENTS_QUERY,
        params,
    )
    cursor.execute(f"CREATE INDEX ON {sql.MOMENTS_TABLE} (family_id)")
    cursor.execute(f"ANALYZE {sql.MOMENTS_TABLE}")


# --------------------------------------------------------------------------- snapshots


def _snapshots(scope: Scope) -> Any:
    rows = ScorecardSnapshot.objects.all()
    if scope.column is not None:
        rows = rows.filter(**{SCOPE_COLUMNS[scope.column]: scope.value})
    return rows


def stored_figures(period: Period, scope: Scope = AREA) -> dict[str, Figure]:
    """Every measure's figure for the period and scope, from the snapshots (3 queries)."""
    rows = _snapshots(scope)
    in_period = rows.filter(month__gte=period.start, month__lte=period.last_month)
    sums = in_period.values("measure").annotate(
        n=Sum("numerator"),
        d=Sum("denominator"),
        agencies=Count("agency", distinct=True, filter=Q(numerator__gt=0)),
    )
    found: dict[str, Figure] = {}
    for row in sums:
        measure = BY_KEY.get(row["measure"])
        if measure is None or measure.kind is Kind.STOCK:
            continue
        if measure.kind is Kind.DISTINCT:
            found[measure.key] = Figure(row["agencies"] or 0, 0)
        else:
            found[measure.key] = Figure(int(row["n"] or 0), int(row["d"] or 0))
    before = add_months(period.start, -1)
    stock = (
        rows.filter(
            Q(month=period.last_month) | Q(month=before, measure="S9o"),
            measure__in=[m.key for m in STORED if m.kind is Kind.STOCK],
        )
        .values("measure", "month")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
    )
    opening = 0
    for row in stock:
        if row["measure"] == "S9o" and row["month"] == before:
            opening = int(row["n"] or 0)
        elif row["month"] == period.last_month:
            found[row["measure"]] = Figure(int(row["n"] or 0), int(row["d"] or 0))
    found["S9"] = Figure(opening + found.get("S9n", ZERO).numerator, 0)
    return found


def stored_trend(periods: list[Period], scope: Scope = AREA) -> dict[str, list[Figure]]:
    """Per measure, its figure for each period (oldest first), from the snapshots.

    Two queries whatever the number of periods: sums per month, and distinct agencies
    per period for the distinct measures.
    """
    if not periods:
        return {}
    first = add_months(periods[0].start, -1)
    last = periods[-1].last_month
    rows = _snapshots(scope).filter(month__gte=first, month__lte=last)
    monthly: dict[str, dict[dt.date, Figure]] = defaultdict(dict)
    for row in rows.values("measure", "month").annotate(n=Sum("numerator"), d=Sum("denominator")):
        monthly[row["measure"]][row["month"]] = Figure(int(row["n"] or 0), int(row["d"] or 0))
    agencies: dict[str, dict[dt.date, set[int]]] = defaultdict(lambda: defaultdict(set))
    distinct_keys = [m.key for m in STORED if m.kind is Kind.DISTINCT]
    for key, month, agency_id in (
        rows.filter(measure__in=distinct_keys, numerator__gt=0, agency__isnull=False)
        .values_list("measure", "month", "agency_id")
        .distinct()
    ):
        agencies[key][month].add(agency_id)
    trend: dict[str, list[Figure]] = {}
    for measure in STORED:
        by_month = monthly.get(measure.key, {})
        values = []
        for period in periods:
            if measure.kind is Kind.STOCK:
                values.append(by_month.get(period.last_month, ZERO))
            elif measure.kind is Kind.DISTINCT:
                seen: set[int] = set()
                for month in period.months:
                    seen |= agencies[measure.key].get(month, set())
                values.append(Figure(len(seen), 0))
            else:
                total = ZERO
                for month in period.months:
                    total = total + by_month.get(month, ZERO)
                values.append(total)
        trend[measure.key] = values
    opening = monthly.get("S9o", {})
    trend["S9"] = [
        Figure(opening.get(add_months(p.start, -1), ZERO).numerator + trend["S9n"][i].numerator, 0)
        for i, p in enumerate(periods)
    ]
    return trend


def snapshot_months() -> tuple[dt.date | None, dt.date | None]:
    """The first and last month that have snapshots."""
    from django.db.models import Max, Min

    bounds = ScorecardSnapshot.objects.aggregate(first=Min("month"), last=Max("month"))
    return bounds["first"], bounds["last"]


def default_range(today: dt.date | None = None, months: int = 24) -> tuple[dt.date, dt.date]:
    """The nightly rollup's months: the last `months`, this one included."""
    today = today or timezone.localdate()
    last = today.replace(day=1)
    return add_months(last, -(months - 1)), last


__all__ = [
    "ZERO",
    "Figure",
    "compute",
    "default_range",
    "months_between",
    "rollup",
    "snapshot_months",
    "stored_figures",
    "stored_trend",
]

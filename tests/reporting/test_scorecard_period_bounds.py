"""The Star measures read only the readings of the cases closed in the period asked for,
and give exactly what they gave reading every reading of the partnership."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from django.db import connection

from assessments.models import StarReading, StarScore, StarType
from cases.workflow_states import State
from reporting.models import ScorecardSnapshot
from reporting.scorecard import sql
from reporting.scorecard.calendar import ensure_calendar
from reporting.scorecard.engine import _params, monthly_sql, rollup
from reporting.scorecard.measures import BY_KEY, Measure
from tests.cases.factories import CaseFactory
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db

D = dt.date
STAR_MEASURES = ["O1", *[f"O1.{n}" for n in range(1, 11)]]


def _reading(
    case: Any, star: StarType, day: dt.date, values: list[int], counts: bool = True
) -> None:
    reading = StarReading.objects.create(
        case=case,
        star_type=star,
        taken_on=day,
        occasion="review",
        kind="joint",
        counts_in_reports=counts,
        recorded_by=UserFactory(),  # type: ignore[misc]
    )
    for scale, value in zip(star.scales.order_by("number"), values, strict=False):
        StarScore.objects.create(reading=reading, scale=scale, value=value)


def _closed_with_readings(closed_on: dt.date, star: StarType, start: int, step: int) -> None:
    case = CaseFactory(state=State.CLOSED, closed_on=closed_on)
    _reading(case, star, closed_on - dt.timedelta(days=400), [start] * 10)
    _reading(case, star, closed_on - dt.timedelta(days=200), [9] * 10, counts=False)
    _reading(case, star, closed_on - dt.timedelta(days=30), [start + step] * 10)


@pytest.fixture
def closures() -> None:
    star = StarType.objects.get(is_default=True)
    for month, start, step in [
        (11, 4, 2),
        (12, 6, -1),
        (12, 3, 4),
        (1, 5, 1),
        (1, 7, -3),
        (2, 2, 5),
    ]:
        year = 2025 if month > 6 else 2026
        _closed_with_readings(D(year, month, 10 + start), star, start, step)
    open_case = CaseFactory(state=State.PLAN_AND_REVIEW)
    _reading(open_case, star, D(2025, 6, 1), [1] * 10)
    _reading(open_case, star, D(2025, 12, 1), [10] * 10)
    ensure_calendar()


def _monthly(measure_sql: str, measure: Measure, first: dt.date, last: dt.date) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            monthly_sql(replace(measure, sql=measure_sql)) + " ORDER BY 1, 2, 3, 4",
            _params(first, last),
        )
        return cursor.fetchall()


@pytest.mark.parametrize("key", STAR_MEASURES)
@pytest.mark.parametrize(
    "first,last",
    [
        (D(2025, 12, 1), D(2025, 12, 1)),
        (D(2026, 1, 1), D(2026, 1, 1)),
        (D(2025, 11, 1), D(2026, 2, 1)),
    ],
)
def test_a_star_measure_bounded_to_its_period_equals_it_over_every_reading(
    closures, key, first, last
):
    measure = BY_KEY[key]
    bound = sql._sql(sql.CLOSED_IN_PERIOD)
    assert bound in measure.sql

    bounded = _monthly(measure.sql, measure, first, last)
    everything = _monthly(measure.sql.replace(bound, ""), measure, first, last)

    assert bounded == everything
    assert bounded, "every period here has closures with a Star change"


def test_one_months_rollup_stores_what_the_rollup_of_every_month_stores_for_it(closures):
    rollup(first=D(2025, 11, 1), last=D(2026, 2, 1), today=D(2026, 3, 1))
    stored = ScorecardSnapshot.objects.filter(measure__in=STAR_MEASURES, month=D(2026, 1, 1))
    columns = ("measure", "zone_id", "family_hub_id", "agency_id", "numerator", "denominator")
    over_all = sorted(stored.values_list(*columns))

    rollup(first=D(2026, 1, 1), last=D(2026, 1, 1), today=D(2026, 3, 1))
    alone = sorted(stored.values_list(*columns))

    assert alone == over_all and len(alone) >= len(STAR_MEASURES)

# mypy: disallow-untyped-defs
"""A table of calendar days with a running count of working days, built from the one
working-day helper (cases.working_days), so measures count working days in SQL.

Working days after A up to and including B = index(B) - index(A) (never below 0),
the same answer as cases.working_days.working_days_between(A, B).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import connection, transaction

from cases.working_days import bank_holidays_between
from reporting.models import CalendarDay

FIRST_DAY = dt.date(2010, 1, 1)


def region() -> str:
    return str(getattr(settings, "BANK_HOLIDAY_REGION", "ENG"))


def last_day(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar bound, not a moment
    return dt.date(today.year + 6, 12, 31)


def ensure_calendar(*, until: dt.date | None = None) -> bool:
    """Build the calendar of the configured region if it is missing or too short.

    One query when it is there already. Returns True when it was (re)built.
    """
    wanted = until or last_day()
    code = region()
    if CalendarDay.objects.filter(region=code, day=wanted).exists():
        return False
    end = max(wanted, last_day())
    holidays = list(bank_holidays_between(FIRST_DAY - dt.timedelta(days=1), end))
    table = CalendarDay._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"calendar:{code}"])
        if CalendarDay.objects.filter(region=code, day=wanted).exists():
            return False
        CalendarDay.objects.filter(region=code).delete()
        cursor.execute(
            f"""
            INSERT INTO {table} (region, day, is_working, working_index)
            SELECT %(region)s, d::date, w,
                   SUM(CASE WHEN w THEN 1 ELSE 0 END) OVER (ORDER BY d)
            FROM (
              SELECT d, (EXTRACT(ISODOW FROM d) < 6 AND NOT (d::date = ANY(%(holidays)s))) AS w
              FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d
            ) days
            """,  # noqa: S608 - the table name is the model's own
            {"region": code, "holidays": holidays, "first": FIRST_DAY, "last": end},
        )
    return True

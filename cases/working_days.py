"""Working days: weekdays that are not bank holidays of the configured UK region.

The one helper every measure and reminder uses. Bank holidays come from the
`holidays` package (England and Wales by default: BANK_HOLIDAY_REGION = "ENG").
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=8)
def _bank_holidays(region: str) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=region, years=range(2000, 2101))


def bank_holidays() -> holidays.HolidayBase:
    return _bank_holidays(getattr(settings, "BANK_HOLIDAY_REGION", "ENG"))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays()


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start).

    So an enquiry received on a Monday and allocated on the Tuesday took 1 working day.
    """
    if end <= start:
        return 0
    days = 0
    day = start
    # Whole weeks in one step, then the remainder day by day.
    whole_weeks = (end - start).days // 7
    if whole_weeks:
        days += whole_weeks * 5
        day = start + dt.timedelta(weeks=whole_weeks)
        days -= sum(1 for h in bank_holidays_between(start, day) if h.weekday() < 5)
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days


@lru_cache(maxsize=8)
def _bank_holidays_in_order(region: str) -> tuple[dt.date, ...]:
    return tuple(sorted(_bank_holidays(region)))


def bank_holidays_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Bank holidays after `start` up to and including `end`.

    Found by bisection in the holidays in date order (read once per region), not by
    reading a century of holidays on each call: lists of due dates call this per row.
    """
    days = _bank_holidays_in_order(getattr(settings, "BANK_HOLIDAY_REGION", "ENG"))
    return list(days[bisect_right(days, start) : bisect_right(days, end)])


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (before it when count < 0)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if it has none).

    For spans the service counts in months: re-referral within 12 months of closure,
    cases open for more than 12 months.
    """
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th

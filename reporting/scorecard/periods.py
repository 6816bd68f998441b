# mypy: disallow-untyped-defs
"""Periods (month, quarter, year) and scopes (whole area, zone, family hub, agency)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after the month of `day`."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, 1)


def month_end(day: dt.date) -> dt.date:
    return add_months(day, 1) - dt.timedelta(days=1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter (Jan-Mar, Apr-Jun, ...) or year (January to December)."""

    kind: PeriodKind
    start: dt.date

    @classmethod
    def containing(cls, kind: PeriodKind | str, day: dt.date) -> Period:
        kind = PeriodKind(kind)
        if kind is PeriodKind.MONTH:
            return cls(kind, month_start(day))
        if kind is PeriodKind.QUARTER:
            return cls(kind, dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))
        return cls(kind, dt.date(day.year, 1, 1))

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2025-04' (month), '2025-Q2' (quarter) or '2025' (year)."""
        text = text.strip().upper()
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            return cls(PeriodKind.MONTH, dt.date(int(m[1]), int(m[2]), 1))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            return cls(PeriodKind.QUARTER, dt.date(int(m[1]), 3 * (int(m[2]) - 1) + 1, 1))
        if m := re.fullmatch(r"(\d{4})", text):
            return cls(PeriodKind.YEAR, dt.date(int(m[1]), 1, 1))
        raise ValueError(f"Not a period: {text!r}")

    @property
    def length(self) -> int:
        return {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind]

    @property
    def end(self) -> dt.date:
        return month_end(add_months(self.start, self.length - 1))

    @property
    def months(self) -> list[dt.date]:
        return [add_months(self.start, n) for n in range(self.length)]

    @property
    def last_month(self) -> dt.date:
        return add_months(self.start, self.length - 1)

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start:%B %Y}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start:%B} to {self.last_month:%B %Y}"
        return f"January to December {self.start.year}"

    @property
    def short_label(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start:%b %Y}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return str(self.start.year)

    def shifted(self, steps: int) -> Period:
        return Period(self.kind, add_months(self.start, steps * self.length))

    def previous(self, count: int) -> list[Period]:
        """This period and the `count - 1` before it, oldest first."""
        return [self.shifted(-n) for n in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class Scope:
    """The whole area, or one zone, family hub or agency (at most one is set)."""

    zone_id: int | None = None
    hub_id: int | None = None
    agency_id: int | None = None

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.zone_id, self.hub_id, self.agency_id)) > 1:
            raise ValueError("A scope is one zone, one hub or one agency")

    @property
    def column(self) -> str | None:
        if self.zone_id is not None:
            return "zone_id"
        if self.hub_id is not None:
            return "hub_id"
        if self.agency_id is not None:
            return "agency_id"
        return None

    @property
    def value(self) -> int | None:
        return self.zone_id or self.hub_id or self.agency_id


AREA = Scope()

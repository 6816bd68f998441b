# mypy: disallow-untyped-defs
"""Which sustainment period a Supporting Families claim is checked against.

A claim belongs to the programme year (April to March) in which the family's case
closed. For each of the family's identified needs the rule is the latest ClaimRule of
that year or before, the outcome's own rule before the year's rule for every outcome;
with no ClaimRule at all, the single period of ClaimRules. So entering next year's rule
changes the claims of families whose case closes next year, and no others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Choose
from django.db.models import (
    DateField,
    F,
    Func,
    IntegerField,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear

from reporting.models import ClaimRule, ClaimRules
from reporting.models.supporting_families import programme_year_of

DEFAULT_MONTHS = 6


def fallback_months() -> int:
    """ClaimRules' single period: for claims of years before any ClaimRule."""
    rules = ClaimRules.objects.order_by("pk").first()
    return rules.sustained_months if rules else DEFAULT_MONTHS


@dataclass(frozen=True)
class RuleBook:
    """Every ClaimRule, newest year first, and the fallback: read once for a page."""

    rules: list[tuple[int, int | None, int]]
    fallback: int

    @classmethod
    def load(cls) -> RuleBook:
        rows = ClaimRule.objects.order_by("-programme_year").values_list(
            "programme_year", "headline_id", "sustained_months"
        )
        return cls(list(rows), fallback_months())

    def months_for(self, *, closed_on: dt.date, headline_ids: list[int]) -> dict[int | None, int]:
        """The months each need must hold for a case closed on `closed_on` (key None:
        the period of a need without its own rule)."""
        year = programme_year_of(closed_on)
        found: dict[int | None, int] = {}
        for rule_year, headline_id, months in self.rules:
            wanted = headline_id is None or headline_id in headline_ids
            if rule_year <= year and headline_id not in found and wanted:
                found[headline_id] = months
        default = found.get(None, self.fallback)
        return {None: default, **{h: found.get(h, default) for h in headline_ids}}


def claim_year(closed_on: str = "closed_on") -> Choose:
    """The programme year of a date column, in SQL."""
    return Choose(
        When(
            **{f"{closed_on}__isnull": False},
            then=ExtractYear(closed_on)
            - Choose(When(Q(**{f"{closed_on}__month__lt": 4}), then=Value(1)), default=Value(0)),
        ),
        default=None,
        output_field=IntegerField(),
    )


def rule_months(*, year: Any, headline: Any) -> Coalesce:
    """The months of the rule for an outcome (`headline`, None: the year's rule for every
    outcome) in a programme year (`year`), in SQL."""
    rules = ClaimRule.objects.filter(programme_year__lte=year)
    if headline is None:
        rules = rules.filter(headline__isnull=True)
    else:
        rules = rules.filter(Q(headline_id=headline) | Q(headline__isnull=True))
    latest = rules.order_by("-programme_year", F("headline_id").asc(nulls_last=True))
    return Coalesce(
        Subquery(latest.values("sustained_months")[:1], output_field=IntegerField()),
        Value(fallback_months()),
    )


class MonthsAfter(Func):
    """The date `months` months after a date, as PostgreSQL adds an interval (31 January
    and a month is 28 or 29 February)."""

    template = "((%(expressions)s))::date"
    arg_joiner = " + interval '1 month' * "
    output_field = DateField()

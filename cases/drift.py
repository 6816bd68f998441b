# mypy: disallow-untyped-defs
"""Drift: open cases that have stopped moving, flagged to their managers.

A rule is a condition on cases (a Q, which may hold an Exists over another app's rows).
cases/ knows one: open for more than 12 months. Family plans add "three or more
reviews without progress" from their own review records, from AppConfig.ready():

    from cases import drift
    drift.register(drift.DriftRule("no_progress", "Three or more reviews without progress",
                                   condition=lambda today: Q(Exists(...))))

The list is one query whatever the number of rules or cases: each rule becomes a
boolean annotation, and a case is listed when any is true.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.utils import timezone

from cases.access import reach_of, visible_cases
from cases.models import Case
from cases.workflow_states import FRONT_DOOR_STATES, OPEN_STATES
from cases.working_days import months_before

OPEN_TOO_LONG_MONTHS = 12


@dataclass(frozen=True)
class DriftRule:
    key: str
    label: str
    condition: Callable[[dt.date], Q]


_RULES: dict[str, DriftRule] = {}


def register(rule: DriftRule) -> None:
    _RULES[rule.key] = rule


def rules() -> list[DriftRule]:
    return list(_RULES.values())


def _open_too_long(today: dt.date) -> Q:
    return Q(opened_on__lte=months_before(today, OPEN_TOO_LONG_MONTHS))


register(DriftRule("open_over_12_months", "Open for more than 12 months", _open_too_long))


DRIFT_ORDERS = {
    "oldest": ["opened_on", "id"],
    "family": ["family__name", "id"],
}


def drifting_cases(*, user: Any, order: str = "oldest") -> QuerySet[Case]:
    """Open cases a manager oversees (their lead agency's, or their zone's or hub's) that
    meet a drift rule; each annotated drift_<key> for every rule."""
    reach = reach_of(user)
    today = timezone.localdate()
    mine = (
        Q(lead_agency_id__in=reach.manager_agency_ids)
        | Q(zone_id__in=reach.manager_zone_ids)
        | Q(family_hub_id__in=reach.manager_hub_ids)
    )
    cases = visible_cases(user).filter(mine, state__in=OPEN_STATES - FRONT_DOOR_STATES)
    flags = {
        f"drift_{rule.key}": When_(
            When(rule.condition(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for rule in _RULES.values()
    }
    if not flags:
        return cases.none()
    any_rule = Q()
    for rule in _RULES.values():
        any_rule |= rule.condition(today)
    return (
        cases.filter(any_rule)
        .annotate(**flags)
        .select_related("family", "lead_agency", "lead_practitioner", "family_hub")
        .order_by(*DRIFT_ORDERS.get(order, DRIFT_ORDERS["oldest"]))
    )


def reasons_of(case: Case) -> list[str]:
    """The labels of the rules a case from `drifting_cases` meets."""
    return [rule.label for rule in _RULES.values() if getattr(case, f"drift_{rule.key}", False)]

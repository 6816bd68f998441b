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
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Q, QuerySet, Value, When
from django.db.models import Case as When_
from django.utils import timezone

from cases.access import reach_of, visible_cases
from cases.audit import audit_record
from cases.models import Case, DriftThresholds
from cases.models.audit import AuditAction
from cases.workflow_states import FRONT_DOOR_STATES, OPEN_STATES
from cases.working_days import months_before


@dataclass(frozen=True)
class DriftRule:
    """`label` may name the administrator's thresholds, e.g. "{open_months}", filled in
    by `rules()` from DriftThresholds (administration: drift thresholds)."""

    key: str
    label: str
    condition: Callable[[dt.date], Q]


_RULES: dict[str, DriftRule] = {}


def register(rule: DriftRule) -> None:
    _RULES[rule.key] = rule


def rules() -> list[DriftRule]:
    """The rules, with their labels naming the thresholds in force (one query)."""
    limits = DriftThresholds.current()
    values = {
        "open_months": limits.open_months,
        "reviews_without_progress": limits.reviews_without_progress,
    }
    return [replace(rule, label=rule.label.format(**values)) for rule in _RULES.values()]


def _open_too_long(today: dt.date) -> Q:
    months = DriftThresholds.current().open_months
    return Q(opened_on__lte=months_before(today, months))


register(
    DriftRule("open_over_12_months", "Open for more than {open_months} months", _open_too_long)
)


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
    # Each condition once: a rule may read the administrator's thresholds.
    conditions = {rule.key: rule.condition(today) for rule in _RULES.values()}
    flags = {
        f"drift_{key}": When_(
            When(condition, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
        for key, condition in conditions.items()
    }
    if not flags:
        return cases.none()
    any_rule = Q()
    for condition in conditions.values():
        any_rule |= condition
    return (
        cases.filter(any_rule)
        .annotate(**flags)
        .select_related("family", "lead_agency", "lead_practitioner", "family_hub")
        .order_by(*DRIFT_ORDERS.get(order, DRIFT_ORDERS["oldest"]))
    )


def reasons_of(case: Case, shown: list[DriftRule] | None = None) -> list[str]:
    """The labels of the rules a case from `drifting_cases` meets (pass `rules()` once
    per page as `shown`, so the labels are read once)."""
    return [
        rule.label
        for rule in (shown if shown is not None else rules())
        if getattr(case, f"drift_{rule.key}", False)
    ]


@transaction.atomic
def drift_thresholds_save(
    *, actor: Any, thresholds: DriftThresholds, changed: list[str]
) -> DriftThresholds:
    """The administrator's drift thresholds, validated and audited (one row)."""
    thresholds.full_clean()
    thresholds.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=thresholds,
        reason="configuration: drift thresholds",
        detail={name: getattr(thresholds, name) for name in sorted(changed)},
    )
    return thresholds

"""The plan settings (when the next review falls) and the id parsing every lookup shares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from family_plans.models import PlanSettings


def _pk(value: Any) -> int:
    """A primary key from the address, or 0 (which matches nothing)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def plan_settings() -> PlanSettings:
    return PlanSettings.current()


def default_next_review(after: dt.date) -> dt.date:
    """The next review date the administrator's interval gives, counted from `after`."""
    return after + dt.timedelta(weeks=plan_settings().review_interval_weeks)

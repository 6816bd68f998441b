"""How often each directory service is used in plans: the counter the directory asks.

Registered with partners/directory/usage.py from FamilyPlansConfig.ready(), so the
directory shows the figures without importing family_plans. Counts, never families.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q

from family_plans.models import OPEN_ACTION_STATUSES, PlanAction
from partners.directory.usage import Usage, register_counter


def service_usage(service_ids: Iterable[int]) -> dict[int, Usage]:
    """Service id -> plans linking an action to it, and of those actions the open ones."""
    rows = (
        PlanAction.objects.filter(service_id__in=list(service_ids))
        .values("service_id")
        .annotate(
            plans=Count("plan_id", distinct=True),
            open_actions=Count("pk", filter=Q(status__in=list(OPEN_ACTION_STATUSES))),
        )
        .order_by()
    )
    return {
        row["service_id"]: Usage(plans=row["plans"], open_actions=row["open_actions"])
        for row in rows
    }


def register() -> None:
    register_counter(service_usage)

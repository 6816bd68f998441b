"""Who may work the list of families identified in data: the one place that decides.

Identified families have not asked for help and may never have been referred, so the
list is narrower than case access: coordinators and managers of the agencies that run
the early help service only (`Agency.runs_service`), each for the zones they cover (every
zone when their membership names none). Partner agencies send data sets; they never
see the list. Every read of it is on the record (identified/views.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from cases.identified.models import DataRow, IdentifiedFamily
from partners.roles import Role
from partners.selectors import active_memberships

WORKER_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})


def _memberships(user: Any) -> list[Any]:
    return [
        m for m in active_memberships(user=user) if m.role in WORKER_ROLES and m.agency.runs_service
    ]


def may_work(*, user: Any) -> bool:
    return bool(_memberships(user))


def require_work(*, user: Any) -> None:
    if not may_work(user=user):
        raise PermissionDenied("Only the early help service's coordinators and managers can.")


def _zone_filter(user: Any, prefix: str) -> Q | None:
    """None: every zone; else the zones (and hubs) the user covers."""
    memberships = _memberships(user)
    if not memberships:
        return Q(pk__in=[])
    if any(m.zone_id is None and m.family_hub_id is None for m in memberships):
        return None
    q = Q(pk__in=[])
    for m in memberships:
        if m.family_hub_id is not None:
            q |= Q(**{f"{prefix}family_hub_id": m.family_hub_id})
        elif m.zone_id is not None:
            q |= Q(**{f"{prefix}zone_id": m.zone_id})
    return q


def visible_identified(*, user: Any) -> QuerySet[IdentifiedFamily]:
    found = IdentifiedFamily.objects.all()
    q = _zone_filter(user, "family__")
    return found if q is None else found.filter(q)


def visible_rows(*, user: Any) -> QuerySet[DataRow]:
    """Rows belonging to the user's zones (an uncertain row belongs where its likeliest
    candidate lives; a row about no one known belongs to no zone and shows to those who
    cover every zone)."""
    if not may_work(user=user):
        return DataRow.objects.none()
    q = _zone_filter(user, "")
    return DataRow.objects.all() if q is None else DataRow.objects.filter(q)

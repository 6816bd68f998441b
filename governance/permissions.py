"""Who may do the officer's work: the information governance officer, and no one else."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from cases.audit import audit_refusal
from partners.roles import Role
from partners.selectors import user_has_any_role

OFFICER_ROLES = frozenset({Role.INFORMATION_GOVERNANCE})


def is_officer(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user_has_any_role(
        user=user, roles=OFFICER_ROLES
    )


def require_officer(actor: Any) -> None:
    """Services refuse anyone else (views declare the same role; commands act as the
    council and pass no user, which services accept only from `system_actor`)."""
    if actor is SYSTEM or is_officer(actor):
        return
    audit_refusal(actor=actor, reason="information governance officer only")
    raise PermissionDenied("Only the information governance officer can do this")


class _System:
    """The council acting through a management command or a scheduled job."""

    is_authenticated = False
    pk = None

    def __repr__(self) -> str:
        return "system"


SYSTEM: Any = _System()

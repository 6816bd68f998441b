# mypy: disallow-untyped-defs
"""Time-limited access to a case granted to a named user, and its expiry."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from cases.access import Action, forget_reach, require
from cases.audit import audit_record
from cases.events import CaseEvent, case_event_record
from cases.models import Case, CaseGrant
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from partners.models import User

# --------------------------------------------------------------------------- grants


def case_grant_access(
    *,
    actor: User,
    case: Case,
    user: User,
    reason: str,
    days: int = 30,
    kind: str = CaseGrant.Kind.EXPLICIT,
) -> CaseGrant:
    """Give one person access to one case for a period, with a reason (managers)."""
    require(actor, Action.GRANT_ACCESS, case)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Enter why this person needs access"]
    if not 1 <= days <= 90:
        errors["days"] = ["Access can be granted for 1 to 90 days"]
    if errors:
        raise ApplicationError("Check the access details", errors)
    with transaction.atomic():
        grant, _ = CaseGrant.objects.update_or_create(
            user=user,
            content_object=case,
            permission=Permission.objects.get(
                codename="view_case", content_type__app_label="cases"
            ),
            defaults={
                "kind": kind,
                "reason": reason.strip(),
                "granted_by": actor,
                "expires_at": timezone.now() + dt.timedelta(days=days),
            },
        )
        forget_reach(user)
        case_event_record(
            event=CaseEvent.ACCESS_GRANTED,
            case=case,
            actor=actor,
            obj=grant,
            title=f"Access granted to {user.full_name} for {days} days",
            description=reason.strip(),
            reason=reason.strip(),
            detail={"user": user.email, "days": days},
        )
    return grant


def grants_remove_expired(*, now: dt.datetime | None = None) -> int:
    """Delete grants whose period has ended (run daily). Returns how many went."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = CaseGrant.objects.filter(expires_at__lte=now)
        count = expired.count()
        if count:
            ids = list(expired.values_list("content_object_id", "user_id"))
            expired.delete()
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                reason="expired access grants removed",
                detail={"grants": [[c, u] for c, u in ids]},
            )
    return count

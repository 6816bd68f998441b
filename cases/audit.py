"""Writing and checking the audit log.

`audit_record` is called inside the transaction of the read or write it records (never
through the broker). It reads who and where from the current request, which
AuditContextMiddleware keeps in a context variable, so services need not pass it.
"""

from __future__ import annotations

import contextvars
import logging
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest

from cases.models.audit import HASHED_FIELDS_SQL, AuditAction, AuditEntry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    agency_label: str
    source: str  # "web", "api", "task:<name>", "command:<name>"


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "audit_request_context", default=None
)


def client_ip(request: HttpRequest) -> str | None:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    ip = forwarded.split(",")[0].strip() if forwarded else request.META.get("REMOTE_ADDR")
    return ip or None


def set_context(context: RequestContext | None) -> contextvars.Token[RequestContext | None]:
    return _current.set(context)


def reset_context(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


def current_context() -> RequestContext | None:
    return _current.get()


def _agency_label(user: Any) -> str:
    from partners.selectors import active_memberships

    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    names = sorted({m.agency.name for m in active_memberships(user=user)})
    return "; ".join(names)


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: Any = None,
    case: Any = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call it last in the transaction of what it records."""
    context = current_context()
    user = actor if getattr(actor, "is_authenticated", False) else None
    object_type = obj._meta.label if obj is not None else (case._meta.label if case else "")
    object_id = str(obj.pk) if obj is not None else (str(case.pk) if case else "")
    details = dict(detail or {})
    if context is not None:
        details.setdefault("source", context.source)
    return AuditEntry.objects.create(
        user=user,
        user_label=getattr(user, "email", "") if user else "",
        agency_label=_agency_label(user) or (context.agency_label if context else ""),
        action=action,
        object_type=object_type,
        object_id=object_id,
        case_id=getattr(case, "pk", None),
        ip=context.ip if context else None,
        reason=reason,
        detail=details,
    )


def audit_refusal(
    *, actor: Any, reason: str, case_id: int | None = None, detail: dict[str, Any] | None = None
) -> None:
    """Record a refused access in its own transaction: the request itself will fail."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.REFUSED,
            reason=reason,
            detail={**(detail or {}), **({"case_id": case_id} if case_id else {})},
        )
    logger.warning("refused access for user %s: %s", getattr(actor, "pk", None), reason)


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_id: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain() -> ChainReport:
    """Recompute every hash in id order; report the first row that does not match."""
    expected = HASHED_FIELDS_SQL.format(r="a")
    sql = f"""
        WITH chain AS (
            SELECT a.id, a.hash, a.prev_hash,
                   lag(a.hash, 1, '') OVER (ORDER BY a.id) AS previous_hash,
                   encode(sha256(convert_to({expected}, 'UTF8')), 'hex') AS recomputed
            FROM cases_auditentry a
        )
        SELECT
            (SELECT count(*) FROM chain),
            (SELECT min(id) FROM chain WHERE hash <> recomputed),
            (SELECT min(id) FROM chain WHERE prev_hash <> previous_hash)
    """  # noqa: S608 - no user input
    with connection.cursor() as cursor:
        cursor.execute(sql)
        count, altered, unlinked = cursor.fetchone()
    candidates = [(i, p) for i, p in ((altered, "altered"), (unlinked, "unlinked")) if i]
    if not candidates:
        return ChainReport(entries=count, first_broken_id=None, problem="")
    first_id, problem = min(candidates)
    text = (
        f"entry {first_id} does not match its hash: it was changed after it was written"
        if problem == "altered"
        else f"entry {first_id} does not follow the entry before it: an entry was removed"
    )
    return ChainReport(entries=count, first_broken_id=first_id, problem=text)

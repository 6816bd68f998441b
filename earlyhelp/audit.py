"""The audit log's interface: what code below the case apps may ask of it.

The log itself (its table, its hash chain, the refusals held back while a refused
transaction rolls back) lives in `cases/`, because it is about who saw and changed which
case. The kernel and `partners/` sit below `cases/` and must not import it, yet they
write entries too: a URL policy refuses someone, an API call is made, an agency's roles
change. So they call the functions here, and `cases/` registers the log that answers
them when the app registry is ready (`CasesConfig.ready`). Called before any log is
registered, they refuse rather than let a change go unrecorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model
from django.http import Http404

# The transaction-level advisory lock that serialises appends to the hash chain. Other
# writers that must not deadlock with the chain (earlyhelp.idempotency) take it first.
AUDIT_CHAIN_LOCK = 74102131  # the pg_advisory_xact_lock key (the chain's trigger takes it)


class AuditLog(Protocol):
    """What an audit log provides. `cases.audit_log.CaseAuditLog` is the one there is."""

    def record(
        self,
        *,
        actor: Any,
        action: str,
        obj: Any = None,
        case: Any = None,
        reason: str = "",
        detail: dict[str, Any] | None = None,
        case_ids: Sequence[int] = (),
    ) -> Any:
        """Append one entry, in the caller's transaction."""
        ...

    def refusal(
        self,
        *,
        actor: Any,
        reason: str,
        case_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Record a refused access so that it outlives the refused work's rollback."""
        ...

    def refused_hidden(self, *, model: type[Model], pk: Any, what: str) -> Http404:
        """The 404 for an object the caller may not see; a refusal if it exists."""
        ...

    def refused_outside_case(self, *, case: Any, model: type[Model], pk: Any, what: str) -> Http404:
        """The 404 for a sub-object asked for under another case; a refusal if it exists."""
        ...


_log: AuditLog | None = None


def register(log: AuditLog) -> None:
    """Called once at start-up by the app that keeps the log."""
    global _log
    _log = log


def registered() -> AuditLog:
    if _log is None:
        raise ImproperlyConfigured("No audit log is registered (the cases app is not ready)")
    return _log


def record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    case: Any = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    case_ids: Sequence[int] = (),
) -> Any:
    """Append one chained audit entry. Call it last in the transaction of what it records."""
    return registered().record(
        actor=actor,
        action=action,
        obj=obj,
        case=case,
        reason=reason,
        detail=detail,
        case_ids=case_ids,
    )


def refusal(
    *, actor: Any, reason: str, case_id: int | None = None, detail: dict[str, Any] | None = None
) -> None:
    registered().refusal(actor=actor, reason=reason, case_id=case_id, detail=detail)


def refused_hidden(*, model: type[Model], pk: Any, what: str) -> Http404:
    return registered().refused_hidden(model=model, pk=pk, what=what)


def refused_outside_case(*, case: Any, model: type[Model], pk: Any, what: str) -> Http404:
    return registered().refused_outside_case(case=case, model=model, pk=pk, what=what)

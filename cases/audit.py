"""Writing and checking the audit log.

`audit_record` is called inside the transaction of the read or write it records (never
through the broker). It reads who and where from the current request, which
AuditContextMiddleware keeps in a context variable, so services need not pass it.

`audit_refusal` is the exception: a refusal must outlive the transaction of the work
it refused, which is rolled back. See its docstring.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from cases.models.audit import CONTENT_HASH_SQL, HASHED_FIELDS_SQL, AuditAction, AuditEntry
from earlyhelp.proxies import client_ip as resolved_client_ip
from earlyhelp.proxies import parse_address

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    agency_label: str
    source: str  # "web", "api", "task:<name>", "command:<name>"
    # The request itself, for who is asking when a refusal is found where no user is at
    # hand (a sub-object lookup); read late, so the API's token user is seen too.
    request: Any = None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "audit_request_context", default=None
)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR as earlyhelp.proxies resolved it from trusted
    proxies only; None when it is not an IP address, so a bad header never breaks a write."""
    return resolved_client_ip(request)


def set_context(context: RequestContext | None) -> contextvars.Token[RequestContext | None]:
    return _current.set(context)


def reset_context(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


def current_context() -> RequestContext | None:
    return _current.get()


def current_user() -> Any:
    """The user of the current request, or None outside one."""
    context = _current.get()
    return getattr(context.request, "user", None) if context is not None else None


def _agency_label(user: Any) -> str:
    from partners.selectors import active_memberships

    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    names = sorted({m.agency.name for m in active_memberships(user=user)})
    return "; ".join(names)


def _valid_ip(text: str | None) -> str | None:
    """An address the column can hold, or None: never an error from a bad header."""
    address = parse_address(text)
    return str(address) if address is not None else None


def _entry_fields(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: Any = None,
    case: Any = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    case_ids: Sequence[int] = (),
) -> dict[str, Any]:
    """The fields of one entry, with who and where taken from the current request."""
    context = current_context()
    user = actor if getattr(actor, "is_authenticated", False) else None
    object_type = obj._meta.label if obj is not None else (case._meta.label if case else "")
    object_id = str(obj.pk) if obj is not None else (str(case.pk) if case else "")
    details = dict(detail or {})
    if context is not None:
        details.setdefault("source", context.source)
    return {
        "user": user,
        "user_label": getattr(user, "email", "") if user else "",
        "agency_label": _agency_label(user) or (context.agency_label if context else ""),
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "case_id": getattr(case, "pk", None),
        "ip": _valid_ip(context.ip) if context else None,
        "reason": reason,
        "detail": details,
        "case_ids": list(case_ids),
    }


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    obj: Any = None,
    case: Any = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    case_ids: Sequence[int] = (),
) -> AuditEntry:
    """Append one entry. Call it last in the transaction of what it records.

    `case_ids`: the cases a list showed (cases/audit_reads.py)."""
    return AuditEntry.objects.create(
        **_entry_fields(
            actor=actor,
            action=action,
            obj=obj,
            case=case,
            reason=reason,
            detail=detail,
            case_ids=case_ids,
        )
    )


# --------------------------------------------------------------------------- refusals


@dataclass
class _UnitOfWork:
    """A request or a task: the refusals held back while the refused work's transaction
    is open (written when the unit ends), and how many it recorded in all."""

    held: list[dict[str, Any]] = field(default_factory=list)
    recorded: int = 0


# None outside any unit of work.
_unit: contextvars.ContextVar[_UnitOfWork | None] = contextvars.ContextVar(
    "audit_unit_of_work", default=None
)


def refusal_recorded() -> bool:
    """Has the current unit of work recorded a refusal already? (One refusal per refused
    request: the catch-all for 401 and 403 answers records one only if nothing did.)"""
    unit = _unit.get()
    return unit is not None and unit.recorded > 0


def _inside_callers_transaction() -> bool:
    """Is the code running inside an atomic block the application opened?

    The blocks a test case opens around each test (Django marks them `_from_testcase`)
    do not count: inside them the application behaves as it does in autocommit, so
    tests exercise the same path as production.
    """
    blocks = transaction.get_connection().atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def _write_refusal(fields: dict[str, Any]) -> None:
    with transaction.atomic():
        AuditEntry.objects.create(**fields)


def audit_refusal(
    *, actor: Any, reason: str, case_id: int | None = None, detail: dict[str, Any] | None = None
) -> None:
    """Record a refused access so that it survives the rollback of the refused work.

    A refusal is usually found inside a service's transaction (`case_transition` ->
    `require`), and the PermissionDenied that follows rolls that transaction back: an
    entry written in it would vanish with it. So inside a transaction the entry's
    fields (who, where, when, why) are taken now and held for the current unit of work
    (`refusals_kept`: a request, an API call, a Celery task), which writes them when it
    ends, after the transaction has gone either way. Outside a transaction, or outside
    any unit of work (a shell, a management command: there is no later moment to wait
    for), the entry is written at once, in whatever transaction is open.

    Why not a second database connection in autocommit? The chain trigger serialises
    writers with a transaction-scoped advisory lock and reads the last row's hash: a
    second connection would wait forever for a lock its own request's transaction
    holds (after any earlier audit entry in it), and under pytest-django it would
    commit a row chained to entries the test then rolls back, breaking the chain for
    every later test. Holding the fields in memory and writing them on the same
    connection, once the caller's transaction is over, keeps one writer, one chain and
    the same behaviour in tests as in production. The cost: a refusal is written a
    moment after it happens (`at` still records when), and a process that dies in
    between loses it, as it loses the request.
    """
    fields = _entry_fields(
        actor=actor,
        action=AuditAction.REFUSED,
        reason=reason,
        detail={**(detail or {}), **({"case_id": case_id} if case_id else {})},
    )
    fields["at"] = timezone.now()
    unit = _unit.get()
    if unit is not None:
        unit.recorded += 1
    if unit is not None and _inside_callers_transaction():
        unit.held.append(fields)
    else:
        _write_refusal(fields)
    logger.warning("refused access for user %s: %s", getattr(actor, "pk", None), reason)


@contextmanager
def refusals_kept() -> Iterator[None]:
    """One unit of work (a request, a task): refusals held during it are written at its end.

    Nested units each write their own. If the end comes while a transaction is still
    open around the unit (a test wrapping requests in `atomic`), the entries are written
    in it, the best that can be done from inside; if that transaction is already broken
    they are logged instead.
    """
    unit = _UnitOfWork()
    token = _unit.set(unit)
    try:
        yield
    finally:
        _unit.reset(token)
        for fields in unit.held:
            try:
                _write_refusal(fields)
            except DatabaseError:
                logger.exception(
                    "could not write a refused access to the audit log: user %s, %s",
                    getattr(fields["user"], "pk", None),
                    fields["reason"],
                )


def keep_refusals_of_tasks() -> None:
    """Make each Celery task a unit of work for refusals (called once, at start-up)."""
    from contextlib import ExitStack

    from celery.signals import task_postrun, task_prerun

    units: dict[str, ExitStack] = {}

    def started(task_id: str | None = None, **kwargs: Any) -> None:
        stack = ExitStack()
        stack.enter_context(refusals_kept())
        units[task_id or ""] = stack

    def finished(task_id: str | None = None, **kwargs: Any) -> None:
        stack = units.pop(task_id or "", None)
        if stack is not None:
            stack.close()

    task_prerun.connect(started, weak=False, dispatch_uid="audit_refusals_task_start")
    task_postrun.connect(finished, weak=False, dispatch_uid="audit_refusals_task_end")


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_id: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain() -> ChainReport:
    """Recompute every hash in id order; report the first row that does not match.

    An entry with a content digest is checked against it too, unless its personal
    content was blanked under the retention schedule (then only the digest, which the
    chain covers, remains)."""
    expected = HASHED_FIELDS_SQL.format(r="a")
    content = CONTENT_HASH_SQL.format(r="a")
    sql = f"""
        WITH chain AS (
            SELECT a.id, a.hash, a.prev_hash,
                   lag(a.hash, 1, '') OVER (ORDER BY a.id) AS previous_hash,
                   encode(sha256(convert_to({expected}, 'UTF8')), 'hex') AS recomputed,
                   a.content_hash IS NOT NULL AND a.blanked_at IS NULL
                       AND a.content_hash <> {content} AS content_altered
            FROM cases_auditentry a
        )
        SELECT
            (SELECT count(*) FROM chain),
            (SELECT min(id) FROM chain WHERE hash <> recomputed OR content_altered),
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


def audit_blank(*, entry_ids: Sequence[int]) -> int:
    """Blank the personal content (reason, detail) of entries under the retention schedule.

    Goes through the database function `cases_audit_blank` (SECURITY DEFINER, owned by the
    owner role): the app's role holds no UPDATE on the log, and the trigger accepts no
    other change. The entries, their digests and the chain stay. Returns how many were
    blanked now."""
    if not entry_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT cases_audit_blank(%s::bigint[])", [list(entry_ids)])
        (blanked,) = cursor.fetchone()
    return int(blanked)

"""Optimistic locking: change a row only if it is still the version the person read.

Every edit page and API update carries the version its form or ETag showed. A service
then locks the row, checks that version, writes the change and bumps the version, in
one transaction, so two people saving the same record never overwrite each other
silently: the second is told what happened and sees the record as it now is.

    with transaction.atomic():
        locked = lock_version(Service.objects, pk=service.pk, expected=expected_version,
                              stale="Someone else changed this service since you opened it.")
        save_new_version(locked, status=status, updated_by=actor, updated_at=timezone.now())
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import Manager, Model, QuerySet

from earlyhelp.errors import ConcurrentChangeError

M = TypeVar("M", bound=Model)

Stale = str | Callable[[Any], ConcurrentChangeError]


def lock_version(
    rows: Manager[M] | QuerySet[M], *, pk: Any, expected: int | None, stale: Stale
) -> M:
    """The row `pk` of `rows` (and the rows it joins), locked until the transaction ends.

    The lock is FOR NO KEY UPDATE: another change of the row waits for it, but a row
    that refers to it (a note on a locked case) can still be committed. FOR UPDATE
    would hold that insert's foreign-key check until this transaction ends, and this
    transaction then waits for the audit chain's lock the insert's transaction holds:
    a deadlock (`tests/cases/test_case_locks.py`).

    Raises ConcurrentChangeError when its version is not `expected`: `stale` is the
    message, or makes the error from the locked row (to name who changed it). `expected`
    None skips the check, for callers that hold no version (a background task).
    """
    locked = rows.select_for_update(no_key=True).get(pk=pk)
    if expected is not None and locked.version != expected:  # type: ignore[attr-defined]
        raise stale(locked) if callable(stale) else ConcurrentChangeError(stale)
    return locked


def save_new_version(row: M, *, update_fields: Sequence[str] | None = (), **values: Any) -> M:
    """Set `values` on the row (the change, and stamps such as updated_by), bump its
    version and save it.

    Written are the `values`, the version and the `update_fields` the caller set on the
    row itself beforehand; `update_fields=None` writes the whole row.
    """
    for name, value in values.items():
        setattr(row, name, value)
    row.version += 1  # type: ignore[attr-defined]
    if update_fields is None:
        row.save()
    else:
        row.save(update_fields=list(dict.fromkeys([*update_fields, *values, "version"])))
    return row

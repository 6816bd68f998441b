"""Every read on the record: the cases a list, a search, an agenda or an API list showed.

Opening a case writes an entry about that case (`access_case`). A list shows many
cases at once, and an entry per case would make a page of fifty rows fifty writes
through the chain's lock. So a request that shows cases writes one entry, whatever the
number of rows: action `list`, `reason` saying what showed them ("My cases", "Search
results", "GET /api/v1/people/"), and `case_ids` listing every case shown. The access
tab finds an entry about its case by `case_id` (a btree index) or by `case_ids`
containing it (the GIN index `audit_case_ids_gin`): one indexed query, and the cost of a
list page stays one insert however long the list.

An array in the row, not a child table of (entry, case): the ids are covered by the
entry's hash like every other field (a child table would sit outside the chain and
could be rewritten without breaking it), the write stays one insert, and the table
stays append-only under the same trigger.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet

from cases.audit import audit_record
from cases.models import AuditEntry
from cases.models.audit import AuditAction

# A list longer than this is recorded as its first ids and a count: an export names its
# cases through its own entry, and no page shows more.
MAX_IDS = 1000


def audit_cases_shown(
    *,
    actor: Any,
    case_ids: Iterable[int | None],
    what: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """One entry for a request that showed these cases (none if it showed none)."""
    ids = sorted({int(pk) for pk in case_ids if pk is not None})
    if not ids:
        return None
    extra = dict(detail or {})
    extra["shown"] = len(ids)
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=AuditAction.LIST,
            reason=what,
            detail=extra,
            case_ids=ids[:MAX_IDS],
        )


def entries_about(case_id: int) -> QuerySet[AuditEntry]:
    """Every entry about a case: its own and the lists that showed it (both indexed)."""
    return AuditEntry.objects.filter(Q(case_id=case_id) | Q(case_ids__contains=[case_id]))

# mypy: disallow-untyped-defs
"""Import batches of either source: the list the configuration area shows, and one
rollback that hands a batch to its own import's rollback."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from earlyhelp.errors import ApplicationError
from reporting.models import ImportBatch
from reporting.moving_in.legacy.services import SOURCE as LEGACY
from reporting.moving_in.legacy.services import legacy_rollback
from reporting.moving_in.services import SOURCE as SSD
from reporting.moving_in.services import ssd_rollback


def import_batches() -> QuerySet[ImportBatch]:
    """Every batch, newest first, with who ran it."""
    return ImportBatch.objects.select_related("run_by").order_by("-started_at", "-pk")


def import_batch_rollback(*, actor: Any, batch_id: int) -> dict[str, int]:
    """Take a batch out with its source's rollback; ApplicationError says why not."""
    batch = ImportBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        raise ApplicationError(f"There is no import batch {batch_id}", {})
    if batch.source == LEGACY:
        return legacy_rollback(batch_id=batch_id, actor=actor)
    if batch.source == SSD:
        return ssd_rollback(batch_id=batch_id, actor=actor)
    raise ApplicationError(f"Import batch {batch_id} came from an unknown source", {})

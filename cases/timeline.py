"""Appending to a case's chronology. Other apps' services call these, never the model."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cases.models import Case, CaseNote, ChronologyEntry


def event_add(
    *,
    case: Case,
    kind: str,
    title: str,
    description: str = "",
    actor: Any = None,
    note: CaseNote | None = None,
    url: str = "",
    at: dt.datetime | None = None,
) -> ChronologyEntry:
    """Add one entry to the chronology of `case`. Call inside the service's transaction."""
    return ChronologyEntry.objects.create(
        case=case,
        kind=kind,
        title=title,
        description=description,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        url=url,
        at=at or timezone.now(),
    )

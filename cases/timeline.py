"""Appending to a case's chronology. Other apps' services call these, never the model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q
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


# Entries some readers of a case may not see, beyond notes: each app whose entries follow
# a visibility of their own (documents) registers a function answering, for a reader and
# a case, the entries to leave out. The chronology page and the case PDF both apply them.
HiddenEntries = Callable[[Any, Case], Q]
_HIDDEN: list[HiddenEntries] = []


def register_hidden_entries(hidden: HiddenEntries) -> None:
    if hidden not in _HIDDEN:
        _HIDDEN.append(hidden)


def hidden_entries(user: Any, case: Case) -> Q | None:
    """One condition matching every entry of `case` the user may not see, or None."""
    found: Q | None = None
    for hidden in _HIDDEN:
        condition = hidden(user, case)
        found = condition if found is None else found | condition
    return found

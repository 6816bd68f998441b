"""A case's field history: what changed, who changed it and when (rectification).

Read from the django-pghistory event tables of every tracked model whose rows belong to
the case (found as subject access finds them, governance/holdings.py). Each change is
compared with the row's previous snapshot, so the page shows old and new values. Notes
a reader may not read (restricted) are left out for managers; the officer sees all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from cases.access import visible_notes
from cases.models import Case, CaseNote, Family, Person
from governance.holdings import Holdings, is_history_model, walk
from partners.models import User

SKIPPED_FIELDS = {"version", "id"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    what: str
    object_id: Any
    kind: str  # "Created" or "Changed"
    who: str
    changes: tuple[Change, ...]


def _event_models() -> dict[type[models.Model], type[models.Model]]:
    from django.apps import apps

    found = {}
    for model in apps.get_models():
        if is_history_model(model) and hasattr(model, "pgh_obj"):
            found[model._meta.get_field("pgh_obj").related_model] = model
    return found  # type: ignore[return-value]


def _case_rows(case: Case) -> Holdings:
    members = list(Person.objects.filter(households__family_id=case.family_id).distinct())
    holdings = Holdings(
        people=members,
        families=[case.family],
        cases=[case],
        rows={Case: [case], Family: [case.family], Person: members},
    )
    walk(holdings)
    # Only this case's rows: the walk from the family reaches its other cases too.
    for model, rows in list(holdings.rows.items()):
        if model is Case:
            holdings.rows[model] = [case]
        elif any(f.name == "case" for f in model._meta.concrete_fields):
            holdings.rows[model] = [r for r in rows if r.case_id == case.pk]  # type: ignore[attr-defined]
    return holdings


def _text(value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    return str(value)


def _diff(fields: Iterable[models.Field[Any, Any]], before: Any, after: Any) -> tuple[Change, ...]:
    changes = []
    for f in fields:
        old = getattr(before, f.attname, None) if before is not None else None
        new = getattr(after, f.attname, None)
        if before is None and (new is None or new == ""):
            continue
        if old != new:
            changes.append(Change(str(f.verbose_name).capitalize(), _text(old), _text(new)))
    return tuple(changes)


def case_history(*, user: Any, case: Case, officer: bool = False) -> list[HistoryEntry]:
    """Every recorded change to the case's rows, newest first."""
    holdings = _case_rows(case)
    readable_notes = (
        None if officer else set(visible_notes(user, case).values_list("pk", flat=True))
    )
    events = _event_models()
    entries: list[HistoryEntry] = []
    user_ids: set[int] = set()
    raw: list[tuple[type[models.Model], Any, Any, Any]] = []
    for tracked, event_model in events.items():
        ids = holdings.ids(tracked)
        if tracked is CaseNote and readable_notes is not None:
            ids &= readable_notes
        if not ids:
            continue
        previous: dict[Any, Any] = {}
        event: Any
        for event in (
            event_model._default_manager.filter(pgh_obj_id__in=ids)
            .select_related("pgh_context")
            .order_by("pgh_obj_id", "pgh_id")
        ):
            raw.append((tracked, event, previous.get(event.pgh_obj_id), event.pgh_context))
            previous[event.pgh_obj_id] = event
            metadata = getattr(event.pgh_context, "metadata", None) or {}
            if isinstance(metadata.get("user"), int):
                user_ids.add(metadata["user"])
    names = {u.pk: u.full_name or u.email for u in User.objects.filter(pk__in=user_ids)}
    for tracked, event, before, context in raw:
        fields = [
            f
            for f in tracked._meta.concrete_fields
            if f.name not in SKIPPED_FIELDS and not f.primary_key
        ]
        changes = _diff(fields, before, event)
        if before is not None and not changes:
            continue
        metadata = getattr(context, "metadata", None) or {}
        user_id = metadata.get("user")
        who = names.get(user_id, "the system") if isinstance(user_id, int) else "the system"
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at,
                what=str(tracked._meta.verbose_name).capitalize(),
                object_id=event.pgh_obj_id,
                kind="Created" if before is None else "Changed",
                who=who,
                changes=changes,
            )
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries

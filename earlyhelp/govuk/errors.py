"""Show a service's ApplicationError on the form that caused it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from earlyhelp.errors import ApplicationError

# A field of one row of a formset, as services name it: "<prefix>-<n>-<name>".
ROW_KEY = re.compile(r"^([a-z]+)-(\d+)-(\w+)$")


def row_number(form: forms.BaseForm) -> int:
    """A formset row's number counted from 1 ("people-2" is row 3); 0 outside a formset."""
    match = re.search(r"-(\d+)$", form.prefix or "")
    return int(match.group(1)) + 1 if match else 0


def typed(form: forms.BaseForm, *names: str) -> str:
    """What was typed into some fields of a bound form, joined by spaces (for naming a
    row in an error summary before the form is valid)."""
    return " ".join(str(form[n].value() or "").strip() for n in names).strip()


def add_application_error(
    form: forms.BaseForm,
    error: ApplicationError,
    formsets: Mapping[str, Any] | None = None,
    positions: Mapping[str, Sequence[int]] | None = None,
) -> None:
    """Put each of a service's messages beside its field: 'name' on the form, and
    '<prefix>-<n>-<name>' on row n of a formset (`positions` maps the service's row
    numbers back to the formset's when empty rows were left out); the rest at the top of
    the form, and the error's own message when no field is named.

    The form keeps what was typed, so the page can be shown again as it was.
    """
    placed = False
    for key, messages in error.extra.items():
        if not isinstance(messages, list | tuple):
            continue
        for message in messages:
            if formsets and _place_on_row(key, str(message), formsets, positions):
                placed = True
                continue
            form.add_error(key if key in form.fields else None, str(message))
            placed = True
    if not placed:
        form.add_error(None, error.message)


def _place_on_row(
    key: str,
    message: str,
    formsets: Mapping[str, Any],
    positions: Mapping[str, Sequence[int]] | None,
) -> bool:
    match = ROW_KEY.match(key)
    if not match or match.group(1) not in formsets:
        return False
    prefix, index, name = match.group(1), int(match.group(2)), match.group(3)
    mapped = positions.get(prefix) if positions else None
    if mapped is not None and index < len(mapped):
        index = mapped[index]
    rows = formsets[prefix].forms
    if index < len(rows) and name in rows[index].fields:
        rows[index].add_error(name, message)
        return True
    return False

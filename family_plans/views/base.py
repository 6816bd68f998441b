"""What the plan and meetings views share: repeating rows and which forms have errors.

Who is acting and what was posted: earlyhelp/web.py; a service's errors on forms:
earlyhelp/govuk/errors.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict

from earlyhelp.govuk.errors import ROW_KEY
from earlyhelp.input_limits import MAX_FORMSET_ROWS, bounded_row_count


def rows_changed(
    request: HttpRequest, prefix: str, new_row: Mapping[str, str] | None = None
) -> QueryDict | None:
    """When the page was posted to add a row of `prefix` ("Add another") or remove one,
    the posted data with that row added or removed, to show the page again; else None."""
    if request.method != "POST":
        return None
    add = request.POST.get("add") == prefix
    remove = request.POST.get(f"remove-{prefix}")
    if not add and remove is None:
        return None
    drop = int(remove) if remove is not None and remove.isdigit() else None
    total_key = f"{prefix}-TOTAL_FORMS"
    total = bounded_row_count(request.POST, prefix)
    rows: list[dict[str, list[str]]] = [{} for _ in range(total)]
    data = QueryDict(mutable=True)
    for key in request.POST:
        match = ROW_KEY.match(key)
        if match and match.group(1) == prefix:
            index = int(match.group(2))
            if index < total:
                rows[index][match.group(3)] = request.POST.getlist(key)
        elif key not in ("add", f"remove-{prefix}"):
            data.setlist(key, request.POST.getlist(key))
    if drop is not None and 0 <= drop < len(rows):
        rows.pop(drop)
    # A new row starts with the defaults the first row had (a start date: today).
    if add and len(rows) < MAX_FORMSET_ROWS:
        rows.append({name: [value] for name, value in (new_row or {}).items()})
    for index, fields in enumerate(rows):
        for name, values in fields.items():
            data.setlist(f"{prefix}-{index}-{name}", values)
    data[total_key] = str(len(rows))
    data.setdefault(f"{prefix}-INITIAL_FORMS", "0")
    return data


def has_errors(*forms_: Any) -> bool:
    for item in forms_:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            if (
                not getattr(item, "quiet", False)
                and item.is_bound
                and (any(f.errors for f in item.forms) or item.non_form_errors())
            ):
                return True
        elif item.is_bound and not getattr(item, "quiet", False) and item.errors:
            return True
    return False


def error_forms(*forms_: Any) -> list[forms.BaseForm]:
    found: list[forms.BaseForm] = []
    for item in forms_:
        if item is None:
            continue
        if isinstance(item, forms.BaseFormSet):
            found.extend(item.forms)
        else:
            found.append(item)
    return found

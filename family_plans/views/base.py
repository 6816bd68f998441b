"""What the plan and meetings views share: who is acting, repeating rows, errors."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django import forms
from django.http import HttpRequest, QueryDict

from earlyhelp.errors import ApplicationError
from earlyhelp.input_limits import MAX_FORMSET_ROWS, bounded_row_count
from partners.models import User

ROW_KEY = re.compile(r"^([a-z]+)-(\d+)-(\w+)$")


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind a signed-in access policy)."""
    return cast(User, request.user)


def posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def rows_changed(request: HttpRequest, prefix: str) -> QueryDict | None:
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
    if add and len(rows) < MAX_FORMSET_ROWS:
        rows.append({})
    for index, fields in enumerate(rows):
        for name, values in fields.items():
            data.setlist(f"{prefix}-{index}-{name}", values)
    data[total_key] = str(len(rows))
    data.setdefault(f"{prefix}-INITIAL_FORMS", "0")
    return data


def place_errors(
    error: ApplicationError,
    form: forms.BaseForm,
    formsets: Mapping[str, Any] | None = None,
    positions: Mapping[str, Sequence[int]] | None = None,
) -> None:
    """Put each of a service's messages beside its field: 'name' on the form, and
    '<prefix>-<n>-<name>' on row n of a formset (`positions` maps the service's row
    numbers back to the formset's when empty rows were left out)."""
    placed = False
    for key, messages in error.extra.items():
        if not isinstance(messages, list | tuple):
            continue
        for message in messages:
            match = ROW_KEY.match(key)
            if match and formsets and match.group(1) in formsets:
                prefix, index, name = match.group(1), int(match.group(2)), match.group(3)
                mapped = positions.get(prefix) if positions else None
                if mapped is not None and index < len(mapped):
                    index = mapped[index]
                rows = formsets[prefix].forms
                if index < len(rows) and name in rows[index].fields:
                    rows[index].add_error(name, str(message))
                    placed = True
                    continue
            if key in form.fields:
                form.add_error(key, str(message))
            else:
                form.add_error(None, str(message))
            placed = True
    if not placed:
        form.add_error(None, error.message)


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

"""What the cases forms share: forms shown again without errors, and date checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone


class DraftForm(forms.Form):
    """A form that can be shown bound to what was typed before, without its errors.

    Multi-page questions keep what was typed in the session; going back to a page
    shows it again as it was ("quiet"), and errors appear only when it is submitted.
    A quiet form is for showing, never for validating.
    """

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiet = quiet

    @property
    def errors(self) -> ErrorDict:
        if self.quiet:
            return ErrorDict()
        return super().errors


def not_after_today(value: dt.date | None, label: str) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(f"{label} must be today or in the past", code="future")


def not_before_today(value: dt.date | None, label: str) -> None:
    if value is not None and value < timezone.localdate():
        raise forms.ValidationError(f"{label} must be today or in the future", code="past")


def raw_data(data: Any) -> dict[str, list[str]]:
    """Submitted form data as plain lists of strings, for keeping in the session."""
    return {
        key: [str(v) for v in data.getlist(key)]
        for key in data
        if key not in ("csrfmiddlewaretoken", "action", "remove")
    }


class RawData(dict[str, list[str]]):
    """Form data kept in the session, read back the way Django reads a QueryDict."""

    def getlist(self, key: str, default: list[str] | None = None) -> list[str]:
        return list(super().get(key, default or []))

    def __getitem__(self, key: str) -> Any:
        values = super().__getitem__(key)
        return values[-1] if values else ""

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key not in self:
            return default
        return self[key]

    def lists(self) -> list[tuple[str, list[str]]]:
        return [(k, list(super(RawData, self).__getitem__(k))) for k in self]

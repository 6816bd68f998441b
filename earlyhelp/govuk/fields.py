"""Form fields for GOV.UK patterns that Django has no field for.

The GOV.UK date input asks for day, month and year in three boxes and reports
errors in the Design System's words ("Date of birth must include a month").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named <name>_day, <name>_month and <name>_year."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs=numeric),
            "month": forms.TextInput(attrs=numeric),
            "year": forms.TextInput(attrs=numeric),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateInputField(forms.Field):
    """A date typed as day, month and year, validated with GOV.UK messages.

    `past` / `future` add "must be in the past" / "must be today or in the future".
    """

    widget = DateInputWidget

    def __init__(self, *, past: bool = False, future: bool = False, **kwargs: Any) -> None:
        self.past = past
        self.future = future
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        name = (self.label or "Date").strip()
        if value in (None, "", []):
            return None
        parts = [str(p).strip() if p is not None else "" for p in value]
        if not any(parts):
            return None
        missing = [n for n, p in zip(("day", "month", "year"), parts, strict=True) if not p]
        if missing:
            raise ValidationError(
                f"{name} must include a {' and a '.join(missing)}", code="incomplete"
            )
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError("year must have four digits")
            return dt.date(year, month, day)
        except ValueError:
            raise ValidationError(f"{name} must be a real date", code="invalid") from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            name = (self.label or "date").strip().lower()
            raise ValidationError(
                self.error_messages.get("required_date") or f"Enter the {name}", code="required"
            )
        if value is None:
            return
        today = timezone.localdate()
        name = (self.label or "Date").strip()
        if self.past and value >= today:
            raise ValidationError(f"{name} must be in the past", code="not_past")
        if self.future and value < today:
            raise ValidationError(f"{name} must be today or in the future", code="not_future")

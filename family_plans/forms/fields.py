"""The fields and form bases the plan and meeting forms share: dates with the MOJ date
picker, times of day as people type them, and rows that stay quiet until they are used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms.utils import ErrorDict

YES_NO = (("yes", "Yes"), ("no", "No"))
DATE_HINT = "For example, 17/6/2026."


class DatePickerField(forms.DateField):
    """A date typed as day/month/year, with the MOJ date picker beside it."""

    widget = forms.TextInput(attrs={"autocomplete": "off", "class": "moj-js-datepicker-input"})
    input_formats = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(label=label, required=required, **kwargs)
        lower = label[0].lower() + label[1:]
        self.error_messages = {
            "required": f"Enter the {lower}",
            "invalid": f"{label} must be a real date, like 17/6/2026",
        }

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
        return super().to_python(value)


TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


class TimeOfDayField(forms.Field):
    """A time typed the way people write it: 10:00, 10am, 2.30pm, 14:30."""

    widget = forms.TextInput(attrs={"class": "govuk-input--width-5"})

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 10:00 or 2:30pm.")
        super().__init__(label=label, required=required, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"

    def to_python(self, value: Any) -> dt.time | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.time):
            return value
        match = TIME_RE.match(str(value).strip().lower().replace(" ", ""))
        label = str(self.label or "Time")
        if match is None:
            raise forms.ValidationError(f"{label} must be a time, like 10:00 or 2:30pm")
        hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(f"{label} must be a real time, like 10:00 or 2:30pm")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise forms.ValidationError(f"{label} must be a real time, like 10:00 or 2:30pm")
        return dt.time(hour, minute)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.time):
            return f"{value:%H:%M}"
        return value


class QuietForm(forms.Form):
    """A form that can be shown bound to what was typed without showing errors yet
    (after "Add another" or "Remove", before the person has pressed continue)."""

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiet = quiet

    def full_clean(self) -> None:
        if getattr(self, "quiet", False):
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


def set_choices(field: forms.Field, choices: Iterable[tuple[str, str]]) -> None:
    field.choices = list(choices)  # type: ignore[attr-defined]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")

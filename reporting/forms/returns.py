"""Forms of the returns pages: the inspection date, the census year and the quarter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from earlyhelp.govuk.fields import DateInputField
from reporting.scorecard.periods import Period, PeriodKind


class AnnexAForm(forms.Form):
    inspection_date = DateInputField(
        label="Inspection date",
        help_text="The lists cover the six months before it, and interventions still open "
        "on it. For example, 27 3 2026",
    )
    file_format = forms.ChoiceField(
        label="Format",
        choices=[
            ("xlsx", "Excel workbook, one sheet per list"),
            ("csv", "CSV files, one per list, in a zip"),
        ],
        initial="xlsx",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the format"},
    )

    def clean_inspection_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["inspection_date"]
        if value > timezone.localdate():
            raise forms.ValidationError("Inspection date must be today or in the past")
        return value


def quarter_choices(today: dt.date | None = None, count: int = 8) -> list[tuple[str, str]]:
    latest = Period.containing(PeriodKind.QUARTER, today or timezone.localdate())
    return [(p.code, p.label) for p in reversed(latest.previous(count))]


class QuarterForm(forms.Form):
    quarter = forms.ChoiceField(label="Quarter", error_messages={"required": "Select the quarter"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices()  # type: ignore[attr-defined]


def census_year_choices(today: dt.date | None = None, count: int = 3) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    current = today.year if today.month >= 4 else today.year - 1
    return [
        (str(year), f"April {year} to March {year + 1}")
        for year in range(current, current - count, -1)
    ]


class CensusYearForm(forms.Form):
    year = forms.ChoiceField(
        label="Collection year", error_messages={"required": "Select the collection year"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = census_year_choices()  # type: ignore[attr-defined]


class DataQualityForm(forms.Form):
    inspection_date = DateInputField(
        label="Check the lists for an inspection on",
        required=False,
        help_text="Leave blank for today. For example, 27 3 2026",
    )

    def clean_inspection_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("inspection_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return value

    def chosen_date(self) -> dt.date:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("inspection_date"):
            return self.cleaned_data["inspection_date"]  # type: ignore[no-any-return]
        return timezone.localdate()

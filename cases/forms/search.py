"""Finding a family: by case reference, name, date of birth, NHS number or postcode."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from cases.forms.base import DraftForm, not_after_today
from cases.identifiers import validate_nhs_number
from earlyhelp.govuk.fields import DateInputField


class FamilySearchForm(DraftForm):
    reference = forms.CharField(
        label="Case reference",
        required=False,
        max_length=20,
        help_text="For example, EH000041",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="A family name, given name or the name the household is known by",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )
    date_of_birth = DateInputField(
        label="Date of birth",
        required=False,
        help_text="Of anyone in the household. For example, 27 3 2016",
    )
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": False}
        ),
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date_of_birth")
        not_after_today(value, "Date of birth")
        return value

    def clean_nhs_number(self) -> str:
        value = (self.cleaned_data.get("nhs_number") or "").strip()
        return validate_nhs_number(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        terms = ("reference", "name", "date_of_birth", "nhs_number", "postcode")
        if not self.errors and not any(data.get(term) for term in terms):
            self.add_error(
                "reference",
                ValidationError(
                    "Enter a case reference, name, date of birth, NHS number or postcode "
                    "to search for",
                    code="no_terms",
                ),
            )
        return data

    def terms(self) -> dict[str, Any]:
        """The cleaned terms, ready for the session (dates as ISO text)."""
        data = self.cleaned_data
        return {
            "reference": (data.get("reference") or "").strip(),
            "name": (data.get("name") or "").strip(),
            "date_of_birth": data["date_of_birth"].isoformat()
            if data.get("date_of_birth")
            else None,
            "nhs_number": data.get("nhs_number") or "",
            "postcode": (data.get("postcode") or "").strip(),
        }


def search_kwargs(terms: dict[str, Any]) -> dict[str, Any]:
    """Terms kept in the session, as keyword arguments of family_search."""
    dob = terms.get("date_of_birth")
    return {
        "reference": terms.get("reference") or "",
        "name": terms.get("name") or "",
        "date_of_birth": dt.date.fromisoformat(dob) if dob else None,
        "nhs_number": terms.get("nhs_number") or "",
        "postcode": terms.get("postcode") or "",
    }


def searched_by(terms: dict[str, Any]) -> list[str]:
    return [key for key, value in terms.items() if value]

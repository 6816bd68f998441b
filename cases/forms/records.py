"""Correcting the family's record: a person's details, and the codes returns read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from cases.codes import CinClosureReason, ContactSource, PrimaryNeed
from cases.forms.base import not_after_today
from cases.forms.enquiry import PersonForm
from cases.models import Case, Person


class PersonRecordForm(PersonForm):
    """The details of someone already known, as the enquiry asked for them.

    An expected date of birth may now be in the past (the baby may have been born: the
    page asks for the date of birth instead), so only a date of birth must not be in
    the future.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["enquiry_is_about"]

    def clean_expected_date_of_birth(self) -> dt.date | None:
        return self.cleaned_data.get("expected_date_of_birth")

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date_of_birth")
        not_after_today(value, "Date of birth")
        return value

    @classmethod
    def initial_for(
        cls, person: Person, relationship: str, identifiers: dict[str, str]
    ) -> dict[str, Any]:
        return {
            "family_name": person.family_name,
            "given_names": person.given_names,
            "preferred_name": person.preferred_name,
            "relationship": relationship,
            "date_of_birth": person.date_of_birth,
            "date_of_birth_estimated": person.date_of_birth_accuracy
            == Person.DobAccuracy.ESTIMATED,
            "expected_date_of_birth": person.expected_date_of_birth,
            "sex": person.sex,
            "gender": person.gender,
            "ethnicity": person.ethnicity,
            "nhs_number": identifiers.get("nhs_number", ""),
            "upn": identifiers.get("upn", ""),
            "ni_number": identifiers.get("ni_number", ""),
            "local_id": identifiers.get("local_id", ""),
            "send": person.send,
            "disability": person.disability,
            "school": str(person.school_id) if person.school_id else "",
            "school_name": person.school_name,
            "version": person.version,
        }


def _choices(options: list[tuple[str, str]], empty: str) -> list[tuple[str, str]]:
    return [("", empty), *options]


class ReturnCodesForm(forms.Form):
    """The contact source of the enquiry; the census codes of a section 17 episode."""

    contact_source = forms.ChoiceField(
        label="Where did the contact come from?",
        required=False,
        help_text="The Children in Need census source code, used by Ofsted's List 1",
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        required=False,
        help_text="The child's main need, as the assessment found it (census code N0 to N9)",
    )
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        required=False,
        help_text="The census reason the episode ended",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case, has_enquiry: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["contact_source"].choices = _choices(  # type: ignore[attr-defined]
            [(code, f"{code}: {label}") for code, label in ContactSource.choices],
            "Not recorded",
        )
        self.fields["primary_need"].choices = _choices(  # type: ignore[attr-defined]
            list(PrimaryNeed.choices), "Not recorded"
        )
        self.fields["closure_reason"].choices = _choices(  # type: ignore[attr-defined]
            list(CinClosureReason.choices), "Not recorded"
        )
        census = bool(case.case_type and case.case_type.cin_census)
        if not has_enquiry:
            del self.fields["contact_source"]
        if not census:
            del self.fields["primary_need"]
            del self.fields["closure_reason"]
        elif not case.closed_on:
            del self.fields["closure_reason"]

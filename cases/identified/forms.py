"""Forms of the identified-in-data pages."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.identified.kinds import DataSetKind
from cases.identified.models import Review
from partners.models import Agency


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is in the file?",
        choices=DataSetKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is in the file"},
    )
    supplied_by = forms.ModelChoiceField(
        label="Agency that sent it",
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label="Not recorded",
    )
    file = forms.FileField(
        label="Upload a CSV file", error_messages={"required": "Select a CSV file to import"}
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError("The selected file must be smaller than 10MB")
        return upload


class ListFilterForm(forms.Form):
    review = forms.ChoiceField(
        label="Decision", required=False, choices=[("", "Any"), *Review.choices]
    )
    kind = forms.ChoiceField(
        label="Data set", required=False, choices=[("", "Any"), *DataSetKind.choices]
    )

    def value(self, name: str) -> Any:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get(name) or None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What should happen?",
        choices=[
            ("agenda", "Bring the family to the next allocation meeting"),
            ("no_action", "No action for now"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what should happen"},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What the indicators together tell you, and anything you checked.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    person = forms.ChoiceField(
        label="Who is this row about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the row is about, or none of them"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [*choices, ("none", "None of these people")]  # type: ignore[attr-defined]

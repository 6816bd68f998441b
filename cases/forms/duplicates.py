"""A coordinator's review of a possible duplicate person."""

from __future__ import annotations

from django import forms

from cases.models import ConflictResolution


class DuplicateReviewForm(forms.Form):
    conflict = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.ChoiceField(
        label="What did you find?",
        choices=ConflictResolution.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you found"},
    )
    note = forms.CharField(
        label="What did you check, and what was done?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what you checked and what was done"},
    )

"""The screening decision at the front door."""

from __future__ import annotations

from django import forms

from cases.workflow_states import ScreeningOutcome


class ScreeningForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is your decision?",
        choices=ScreeningOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the screening decision"},
    )
    reason = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The family and the agency that raised it may be told these",
        error_messages={"required": "Enter the reason for the decision"},
    )
    # Optimistic locking: the case version the page showed.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

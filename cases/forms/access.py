"""Granting someone time-limited access to a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from partners.models import Agency


class GrantAccessForm(forms.Form):
    # The person is looked up only within the agency named, so the form answers alike
    # for an address with no account and one elsewhere (no account finder).
    agency = forms.ModelChoiceField(
        label="Which agency do they work for?",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={
            "required": "Select the agency they work for",
            "invalid_choice": "Select an agency from the list",
        },
    )
    # Named `user` so a message about the person lands beside it.
    user = forms.EmailField(
        label="Email address of the person",
        widget=forms.EmailInput(attrs={"spellcheck": False, "autocomplete": "off"}),
        error_messages={
            "required": "Enter the email address of the person",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    reason = forms.CharField(
        label="Why do they need access?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is kept in the case's access record",
        error_messages={"required": "Enter why this person needs access"},
    )
    days = forms.IntegerField(
        label="For how many days?",
        min_value=1,
        max_value=90,
        initial=30,
        help_text="From 1 to 90 days",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter for how many days",
            "invalid": "Enter the number of days as a number, like 30",
            "min_value": "Access can be granted for 1 to 90 days",
            "max_value": "Access can be granted for 1 to 90 days",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

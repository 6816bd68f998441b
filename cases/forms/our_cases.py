"""The filters of Our cases."""

from __future__ import annotations

from django import forms

from cases.forms.lists import ListFilterForm
from cases.our_cases import OPEN_ACTION_CHOICES, STATUS_CHOICES

SORT_CHOICES = [
    ("newest", "Opened, newest first"),
    ("oldest", "Opened, oldest first"),
    ("family", "Family name"),
]


class OurCasesFilterForm(ListFilterForm):
    status = forms.ChoiceField(
        label="Status",
        choices=STATUS_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    open_action = forms.ChoiceField(
        label="Open actions",
        choices=OPEN_ACTION_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select whether the case has an open action"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=SORT_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )

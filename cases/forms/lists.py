"""Filter and sort forms of the lists: the front-door queue, my cases, notes.

They read the query string (no personal data goes in it). A value that is not
allowed is reported beside its field and ignored.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.models import NoteType, Urgency
from cases.workflow_states import State
from partners.models import Agency, FamilyHub, Zone

QUEUE_ORDERS = [
    ("oldest", "Waiting longest"),
    ("newest", "Newest first"),
    ("urgency", "Urgent first"),
    ("family", "Family name"),
]
MY_CASES_ORDERS = [
    ("oldest", "Opened longest ago"),
    ("newest", "Opened most recently"),
    ("family", "Family name"),
    ("state", "Stage"),
]


class ListFilterForm(forms.Form):
    """Filters that fall back to 'no filter' when a value is not valid."""

    def value(self, name: str, default: Any = None) -> Any:
        self.is_valid()  # cleans; a field that is not valid is left out of cleaned_data
        return self.cleaned_data.get(name) or default


class QueueFilterForm(ListFilterForm):
    family_hub = forms.ModelChoiceField(
        label="Family hub",
        queryset=FamilyHub.objects.none(),
        required=False,
        empty_label="All the hubs you cover",
        error_messages={"invalid_choice": "Select a family hub you cover"},
    )
    urgency = forms.ChoiceField(
        label="Urgency",
        choices=[("", "Any urgency"), *Urgency.choices],
        required=False,
        error_messages={"invalid_choice": "Select an urgency from the list"},
    )
    waiting = forms.IntegerField(
        label="Waiting at least (working days)",
        min_value=0,
        max_value=250,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the working days as a number, like 5",
            "min_value": "Working days must be 0 or more",
            "max_value": "Working days must be 250 or fewer",
        },
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=QUEUE_ORDERS,
        required=False,
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )

    def __init__(self, *args: Any, hubs: QuerySet[FamilyHub], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family_hub"].queryset = hubs  # type: ignore[attr-defined]


class MyCasesFilterForm(ListFilterForm):
    state = forms.ChoiceField(
        label="Stage",
        choices=[("", "All open cases"), *State.choices],
        required=False,
        error_messages={"invalid_choice": "Select a stage from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=MY_CASES_ORDERS,
        required=False,
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )


class NoteFilterForm(ListFilterForm):
    type = forms.ChoiceField(
        label="Type of note",
        choices=[("", "All types"), *NoteType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a type of note from the list"},
    )


MEETING_WHEN = [("all", "All meetings"), ("upcoming", "Today and later"), ("past", "Past meetings")]


class MeetingFilterForm(ListFilterForm):
    when = forms.ChoiceField(
        label="Meetings",
        choices=MEETING_WHEN,
        required=False,
        error_messages={"invalid_choice": "Select which meetings to show"},
    )


CASELOAD_ORDERS = [("most", "Most cases first"), ("fewest", "Fewest cases first"), ("name", "Name")]


class CaseloadFilterForm(ListFilterForm):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    zone = forms.ModelChoiceField(
        label="Zone",
        queryset=Zone.objects.none(),
        required=False,
        empty_label="All the zones you cover",
        error_messages={"invalid_choice": "Select a zone you cover"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=CASELOAD_ORDERS,
        required=False,
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )

    def __init__(
        self, *args: Any, agencies: QuerySet[Agency], zones: QuerySet[Zone], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["zone"].queryset = zones  # type: ignore[attr-defined]


class MyWorkFilterForm(ListFilterForm):
    kind = forms.ChoiceField(
        label="What is due",
        required=False,
        error_messages={"invalid_choice": "Select a kind of work from the list"},
    )
    overdue = forms.BooleanField(label="Only what is overdue", required=False)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Everything"), *kinds]  # type: ignore[attr-defined]


REFERRER_ORDERS = [("newest", "Newest first"), ("oldest", "Oldest first")]


class ReferrerFilterForm(ListFilterForm):
    raised = forms.ChoiceField(
        label="Raised by",
        choices=[("agency", "Anyone in my agencies"), ("me", "Me")],
        required=False,
        error_messages={"invalid_choice": "Select who raised the enquiries"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=REFERRER_ORDERS,
        required=False,
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )


DRIFT_ORDERS = [("oldest", "Opened longest ago"), ("family", "Family name")]


class DriftFilterForm(ListFilterForm):
    sort = forms.ChoiceField(
        label="Sort by",
        choices=DRIFT_ORDERS,
        required=False,
        error_messages={"invalid_choice": "Select a sort order from the list"},
    )

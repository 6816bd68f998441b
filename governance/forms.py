"""Forms of the officer's pages (rendered with the GOV.UK components, earlyhelp/govuk)."""

from __future__ import annotations

from django import forms

from earlyhelp.govuk.fields import DateInputField
from governance.models import RightsDecision, RightsKind


class PersonSearchForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the person's name"},
        help_text="Given name, family name or both.",
    )


class AccessRequestForm(forms.Form):
    requester_name = forms.CharField(
        label="Who asked", max_length=200, error_messages={"required": "Enter who asked"}
    )
    requester_relationship = forms.CharField(
        label="Their relationship to the person (optional)",
        max_length=100,
        required=False,
        help_text="For example: themselves, parent, solicitor.",
    )
    identity_checked = forms.TypedChoiceField(
        label="Has their identity been checked?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        error_messages={"required": "Select whether their identity has been checked"},
    )
    identity_evidence = forms.CharField(
        label="How identity was checked (optional)", max_length=200, required=False
    )
    received_on = DateInputField(
        label="Date received",
        help_text="For example, 27 3 2026. The reply is due one calendar month later.",
        error_messages={"required": "Enter the date the request was received"},
    )


class RightsRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do they ask for?",
        choices=RightsKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what they ask for"},
    )
    requester_name = forms.CharField(
        label="Who asked", max_length=200, error_messages={"required": "Enter who asked"}
    )
    grounds = forms.CharField(
        label="What they ask and why",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what they ask and why"},
    )
    received_on = DateInputField(
        label="Date received",
        error_messages={"required": "Enter the date the request was received"},
    )


class RightsDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[(RightsDecision.UPHELD, "Uphold"), (RightsDecision.REFUSED, "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the request is upheld or refused"},
    )
    lawful_basis = forms.CharField(
        label="Lawful basis and reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the banner of the person's cases if a restriction is upheld.",
        error_messages={"required": "Enter the lawful basis for the decision"},
    )


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label="Why must the records be kept?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the records must be kept"},
    )

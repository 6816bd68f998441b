"""The forms of family network meetings and the people who came."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory

from earlyhelp.govuk.errors import row_number, typed
from earlyhelp.input_limits import bounded_formset_options
from family_plans.forms.fields import YES_NO, DatePickerField, QuietForm
from family_plans.forms.meetings import BaseQuietRows
from family_plans.models import NetworkRelationship, OfferResponse


class NetworkMeetingForm(QuietForm):
    offered_on = DatePickerField(label="Date offered", required=False)
    response = forms.ChoiceField(
        label="Has the family accepted?",
        choices=OfferResponse.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    response_on = DatePickerField(label="Date of the family's answer", required=False)
    declined_reason = forms.CharField(
        label="If the family declined, why?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    facilitator_name = forms.CharField(
        label="Independent facilitator", required=False, max_length=200
    )
    facilitator_organisation = forms.CharField(
        label="The facilitator's service", required=False, max_length=200
    )
    facilitated_on = DatePickerField(
        label="Date the meeting was held",
        required=False,
        help_text="For example, 17/6/2026. Leave it empty until the meeting has been held.",
    )
    private_family_time = forms.ChoiceField(
        label="Did the family have private time to make their plan?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    family_plan = forms.CharField(
        label="The family's own plan",
        help_text="What the family decided in their private time, in their words.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    outcome = forms.CharField(
        label="Outcome", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NetworkMemberForm(QuietForm):
    name = forms.CharField(label="Name", required=False, max_length=200)
    relationship = forms.ChoiceField(
        label="How do they know the family?",
        choices=[("", "Choose"), *NetworkRelationship.choices],
        required=False,
    )
    relationship_detail = forms.CharField(
        label="Relationship",
        help_text="For example, maternal grandmother.",
        required=False,
        max_length=200,
    )
    attended = forms.ChoiceField(
        label="Did they attend?",
        choices=[("", "Not yet known"), *YES_NO],
        required=False,
    )

    def error_summary_name(self) -> str:
        return typed(self, "name") or f"Network member {row_number(self)}"

    def has_content(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return any(data.get(k) for k in ("name", "relationship", "relationship_detail"))


NetworkMembers: Any = formset_factory(
    NetworkMemberForm, formset=BaseQuietRows, extra=0, **bounded_formset_options()
)

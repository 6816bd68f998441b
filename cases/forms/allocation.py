"""The allocation meeting: planning it, who attended, and the decision about each case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms.leads import LeadOptions
from cases.models import CaseType, Decision, NeedLevel
from cases.services import AttendeeDetails
from earlyhelp.govuk.errors import row_number, typed
from earlyhelp.input_limits import bounded_formset_options
from partners.models import Agency, FamilyHub, Zone

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class MeetingForm(forms.Form):
    place = forms.ChoiceField(
        label="Zone or family hub",
        error_messages={
            "required": "Select the zone or family hub",
            "invalid_choice": "Select a zone or family hub you cover",
        },
    )
    held_on = forms.DateField(
        label="Date of the meeting",
        input_formats=DATE_FORMATS,
        help_text="For example, 17/5/2026",
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter the date of the meeting as a real date, like 17/5/2026",
        },
    )
    starts_at = forms.TimeField(
        label="Start time (optional)",
        required=False,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="For example, 10:00",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the start time like 10:00"},
    )

    def __init__(
        self, *args: Any, zones: QuerySet[Zone], hubs: QuerySet[FamilyHub], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", "Select a zone or family hub")]
        choices += [(f"zone:{z.pk}", f"{z.name} zone (all its family hubs)") for z in zones]
        choices += [(f"hub:{h.pk}", h.name) for h in hubs]
        self.fields["place"].choices = choices  # type: ignore[attr-defined]
        self._zones = {z.pk: z for z in zones}
        self._hubs = {h.pk: h for h in hubs}

    def clean_held_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["held_on"]
        if value.year < 2000:
            raise forms.ValidationError("Enter the date of the meeting as a real date")
        return value

    def chosen_place(self) -> tuple[Zone | None, FamilyHub | None]:
        kind, _, pk = self.cleaned_data["place"].partition(":")
        if kind == "zone":
            return self._zones[int(pk)], None
        return None, self._hubs[int(pk)]


class AttendanceForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies represented",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="Notes of the meeting (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]


class AttendeeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, required=False)
    role = forms.CharField(label="Role (optional)", max_length=200, required=False)
    agency = forms.ModelChoiceField(
        label="Agency (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Select an agency",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("role") or data.get("agency")) and not (data.get("name") or "").strip():
            self.add_error("name", "Enter the name of the person present")
        return data

    def error_summary_name(self) -> str:
        return typed(self, "name") or f"Person present {row_number(self)}"

    def details(self) -> AttendeeDetails | None:
        data = self.cleaned_data
        if not (data.get("name") or "").strip():
            return None
        return AttendeeDetails(
            name=data["name"], role=data.get("role") or "", agency=data.get("agency")
        )


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=0, **bounded_formset_options())


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What did the meeting decide?",
        choices=[c for c in Decision.choices if c[0] != Decision.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the meeting's decision"},
    )
    lead = forms.ChoiceField(label="Lead practitioner", required=False)
    family_preference = forms.CharField(
        label="The family's preference for their lead practitioner (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Who the family said they would like to work with, in their words",
    )
    need_level = forms.ModelChoiceField(
        label="Level of need at allocation",
        queryset=NeedLevel.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select a level of need from the list"},
    )
    case_type = forms.ModelChoiceField(
        label="Case type",
        queryset=CaseType.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select a case type from the list"},
    )
    reason = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed to defer or to close: the family and the agency that raised the "
        "enquiry may be told them",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    case_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args: Any,
        leads: LeadOptions,
        levels: QuerySet[NeedLevel],
        case_types: QuerySet[CaseType],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.leads = leads
        self.fields["lead"] = leads.field()
        self.fields["need_level"].queryset = levels  # type: ignore[attr-defined]
        self.fields["case_type"].queryset = case_types  # type: ignore[attr-defined]
        for name in ("need_level", "case_type"):
            self.fields[name].label_from_instance = lambda o: o.name  # type: ignore[attr-defined]

    def decision_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = self.leads.chosen(data.get("lead"))
        return {
            "decision": data["decision"],
            "lead_practitioner": chosen[0] if chosen else None,
            "lead_agency": chosen[1] if chosen else None,
            "family_preference": data.get("family_preference") or "",
            "need_level": data.get("need_level"),
            "case_type": data.get("case_type"),
            "reason": data.get("reason") or "",
            "expected_version": data["version"],
            "case_version": data["case_version"],
        }

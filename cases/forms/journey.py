"""Changing the lead practitioner, closure and its sign-off, step-up and step-across."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms.base import not_after_today
from cases.forms.feedback import family_feedback_fields, timely_and_helpful_answer
from cases.forms.leads import LeadOptions
from cases.models import Case, NeedLevel
from cases.workflow_states import ClosureReason
from earlyhelp.govuk.fields import DateInputField
from partners.models import Agency, User


class LevelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Levels of need shown by their names (the administrator's words)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _levels_field(label: str, required: bool) -> LevelChoiceField:
    return LevelChoiceField(
        label=label,
        queryset=NeedLevel.objects.none(),
        widget=forms.RadioSelect,
        required=required,
        error_messages={
            "required": "Select the family's level of need at closure",
            "invalid_choice": "Select a level of need from the list",
        },
    )


class LeadChangeForm(forms.Form):
    lead = forms.ChoiceField(label="New lead practitioner")
    reason = forms.CharField(
        label="Why is the lead practitioner changing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the lead practitioner is changing"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, leads: LeadOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.leads = leads
        self.fields["lead"] = leads.field("New lead practitioner", required=True)

    def chosen(self) -> tuple[User, Agency]:
        chosen = self.leads.chosen(self.cleaned_data["lead"])
        assert chosen is not None  # noqa: S101 - a valid choice
        return chosen


class ReassignForm(forms.Form):
    """A leaver's cases, each with a new lead practitioner (or left as it is)."""

    reason = forms.CharField(
        label="Why are the cases being reassigned?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the practitioner is leaving the service",
        error_messages={"required": "Enter why the cases are being reassigned"},
    )
    everyone = forms.ChoiceField(
        label="Give every case below the same new lead practitioner (optional)", required=False
    )

    def __init__(self, *args: Any, cases: list[Case], leads: LeadOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.leads = leads
        self.cases = cases
        self.fields["everyone"] = leads.field(
            "Give every ticked case the same new lead practitioner (optional)"
        )
        self.fields["everyone"].help_text = "Or choose a new lead for each case below"
        for case in cases:
            self.fields[f"move_{case.pk}"] = forms.BooleanField(
                label=f"Reassign {case.reference}, {case.family.name}", required=False
            )
            self.fields[f"lead_{case.pk}"] = leads.field(
                f"New lead practitioner for {case.reference}"
            )
            self.fields[f"version_{case.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=case.version, min_value=1
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "case": case,
                "move": self[f"move_{case.pk}"],
                "lead": self[f"lead_{case.pk}"],
                "version": self[f"version_{case.pk}"],
            }
            for case in self.cases
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        everyone = self.leads.chosen(data.get("everyone"))
        changes = []
        for case in self.cases:
            if not data.get(f"move_{case.pk}"):
                continue
            chosen = self.leads.chosen(data.get(f"lead_{case.pk}")) or everyone
            if chosen is None:
                self.add_error(
                    f"lead_{case.pk}", f"Select the new lead practitioner for {case.reference}"
                )
                continue
            changes.append((case, chosen[0], chosen[1]))
        if not changes and not self.errors:
            self.add_error(None, "Select at least one case to reassign")
        data["changes"] = changes
        data["versions"] = {
            case.pk: data.get(f"version_{case.pk}")
            for case in self.cases
            if data.get(f"version_{case.pk}")
        }
        return data


class ClosureProposalForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=[c for c in ClosureReason.choices if c[0] != ClosureReason.STEPPED_UP],
        widget=forms.RadioSelect,
        help_text="To step up to children's social care, ask a manager to step the case up",
        error_messages={"required": "Select the reason for closing the case"},
    )
    reason_detail = forms.CharField(
        label="More about the reason (needed for 'Other')",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    exit_plan = forms.CharField(
        label="Exit plan: what will the family do to keep things going?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what the family will do to keep things going"},
    )
    exit_support = forms.CharField(
        label="Where can the family get help from now on?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Services, groups and people, with how to reach them",
        error_messages={"required": "Enter where the family can get help from now on"},
    )
    closing_level = _levels_field("Level of need at closure", required=True)
    timely_and_helpful, feedback_comments, about_lead_practitioner = family_feedback_fields()
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, levels: QuerySet[NeedLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closing_level"].queryset = levels  # type: ignore[attr-defined]

    def proposal_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reason": data["reason"],
            "reason_detail": data.get("reason_detail") or "",
            "exit_plan": data["exit_plan"],
            "exit_support": data["exit_support"],
            "closing_level": data["closing_level"],
            "timely_and_helpful": timely_and_helpful_answer(data["timely_and_helpful"]),
            "feedback_comments": data.get("feedback_comments") or "",
            "about_lead_practitioner": data.get("about_lead_practitioner") or "",
            "expected_version": data["version"],
        }


class ClosureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("sign_off", "Sign off: close the case"),
            ("return", "Return it to the lead practitioner with comments"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you sign off or return the closure"},
    )
    comments = forms.CharField(
        label="Comments",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed when you return it: what should happen before the case closes",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comments") or "").strip():
            self.add_error("comments", "Enter your comments for the lead practitioner")
        return data


class StepUpForm(forms.Form):
    reason = forms.CharField(
        label="Why is the case stepping up to children's social care?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the reasons for stepping up"},
    )
    closing_level = _levels_field("Level of need now (optional)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, levels: QuerySet[NeedLevel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closing_level"].queryset = levels  # type: ignore[attr-defined]


class StepAcrossForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency of the lead child protection practitioner",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={
            "required": "Select the agency",
            "invalid_choice": "Select an agency from the list",
        },
    )
    practitioner = forms.EmailField(
        label="Email address of the lead child protection practitioner",
        widget=forms.EmailInput(attrs={"spellcheck": False, "autocomplete": "off"}),
        error_messages={
            "required": "Enter the email address of the lead child protection practitioner",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    stepped_across_on = DateInputField(
        label="Date of the step across (optional)",
        required=False,
        help_text="Leave it blank for today",
    )
    reason = forms.CharField(
        label="Why is the case stepping across?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why the case is stepping across"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean_stepped_across_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("stepped_across_on")
        not_after_today(value, "Date of the step across")
        return value

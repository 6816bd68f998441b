"""Forms of case file audits: picking a sample, and auditing one case."""

from __future__ import annotations

from typing import Any

from django import forms

from cases.workflow_states import State
from earlyhelp.govuk.fields import DateInputField
from partners.models import Agency, Zone
from reporting.models import AuditQuestion, Grade


class SampleForm(forms.Form):
    method = forms.ChoiceField(
        label="How should the cases be picked?",
        choices=[
            ("random", "At random from every case you can see"),
            ("criteria", "At random from the cases that match these criteria"),
        ],
        widget=forms.RadioSelect,
        initial="random",
        error_messages={"required": "Select how the cases should be picked"},
    )
    size = forms.IntegerField(
        label="How many cases",
        min_value=1,
        max_value=50,
        initial=5,
        error_messages={
            "required": "Enter how many cases to audit",
            "invalid": "Enter a whole number",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    zone = forms.ModelChoiceField(
        label="Zone", queryset=Zone.objects.order_by("name"), required=False, empty_label="Any zone"
    )
    state = forms.ChoiceField(
        label="Stage of the case",
        choices=[("", "Any stage")]
        + [(s.value, s.label) for s in State if s not in (State.ENQUIRY_RECEIVED, State.SCREENING)],
        required=False,
    )
    lead_agency = forms.ModelChoiceField(
        label="Lead agency",
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label="Any agency",
    )
    closed_from = DateInputField(label="Closed on or after", required=False)
    closed_to = DateInputField(label="Closed on or before", required=False)


class AuditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    overall_grade = forms.ChoiceField(
        label="Overall grade", choices=Grade.choices, widget=forms.RadioSelect, required=False
    )
    summary = forms.CharField(
        label="Summary of the audit", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    learning = forms.CharField(
        label="Learning for the partnership",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    actions = forms.CharField(
        label="Actions for the lead practitioner",
        help_text="One action on each line. The lead practitioner is told about them "
        "when the audit is completed.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    action_due = DateInputField(label="Actions due by", required=False)

    def __init__(self, *args: Any, questions: list[AuditQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"grade_{q.pk}"] = forms.ChoiceField(
                label=f"{q.number}. {q.text}",
                help_text=q.guidance,
                choices=Grade.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{q.pk}"] = forms.CharField(
                label=f"Comments on question {q.number}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def question_fields(self) -> list[tuple[Any, Any]]:
        return [(self[f"grade_{q.pk}"], self[f"comment_{q.pk}"]) for q in self.questions]

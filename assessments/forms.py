"""Forms of the assessment and Outcome Star pages: they parse what was typed.

Rules about answers (what is required, what is allowed) live in the services and
assessments/sections/; the forms turn the page's fields into values and show the
services' messages beside the fields, keeping everything typed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from assessments import sections as s
from assessments.models import (
    MeasureOccasion,
    MeasureType,
    ProgressStatus,
    ReadingOccasion,
    StarScale,
)
from earlyhelp.govuk.fields import DateInputField

COMPLETED_CHOICES = (
    ("yes", "Yes, I've completed this section"),
    ("no", "No, I'll come back to it later"),
)


def _form_field(f: s.FieldDef) -> forms.Field:
    if f.kind == s.TEXT:
        return forms.CharField(
            label=f.label,
            help_text=f.hint,
            required=False,
            widget=forms.Textarea(attrs={"rows": f.rows}),
        )
    if f.kind == s.CHOICE:
        return forms.ChoiceField(
            label=f.label,
            help_text=f.hint,
            required=False,
            choices=list(f.choices),
            widget=forms.RadioSelect,
        )
    if f.kind == s.DATE:
        return DateInputField(label=f.label, help_text=f.hint, required=False)
    return forms.BooleanField(label=f.label, help_text=f.hint, required=False)


class SectionForm(forms.Form):
    """One assessment section: its fields, whether it is completed, and the version shown."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    completed = forms.ChoiceField(
        label="Have you completed this section?",
        choices=COMPLETED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you have completed this section"},
    )

    def __init__(self, section: s.SectionDef, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        for f in section.fields:
            self.fields[f.name] = _form_field(f)
        # The completion question comes last on the page.
        self.order_fields([f.name for f in section.fields] + ["completed", "version"])

    @classmethod
    def initial_from(
        cls, values: Mapping[str, Any], *, version: int, status: str
    ) -> dict[str, Any]:
        initial: dict[str, Any] = dict(values)
        initial["version"] = version
        if status == "completed":
            initial["completed"] = "yes"
        elif version:
            initial["completed"] = "no"
        return initial

    def values(self) -> dict[str, Any]:
        """What was typed, in the shapes the service stores (dates as ISO strings)."""
        data = self.cleaned_data
        return s.clean_values(self.section, {f.name: data.get(f.name) for f in self.section.fields})

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The section's fields in page order, grouped (consent per person, problems...)."""
        grouped: list[tuple[str, list[forms.BoundField]]] = []
        for f in self.section.fields:
            if grouped and grouped[-1][0] == f.group:
                grouped[-1][1].append(self[f.name])
            else:
                grouped.append((f.group, [self[f.name]]))
        return grouped


# ------------------------------------------------------------------ the conflict page

KEEP_THEIRS = "theirs"
KEEP_YOURS = "yours"
MERGE = "merge"


def values_differ(f: s.FieldDef, a: Any, b: Any) -> bool:
    if f.kind == s.BOOL:
        return bool(a) != bool(b)
    return ("" if a is None else str(a).strip()) != ("" if b is None else str(b).strip())


class ConflictForm(forms.Form):
    """Choose, for each answer saved by both people, which to keep or how to combine them.

    Your answers travel with the page (hidden), so nothing typed is lost however many
    times it is shown.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    completed = forms.CharField(widget=forms.HiddenInput, required=False)
    resolve = forms.CharField(widget=forms.HiddenInput, initial="1")
    yours = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        section: s.SectionDef,
        *args: Any,
        theirs: Mapping[str, Any],
        yours: Mapping[str, Any],
        base: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.theirs = dict(theirs)
        self.mine = dict(yours)
        self.conflicts: list[s.FieldDef] = [
            f for f in section.fields if values_differ(f, theirs.get(f.name), yours.get(f.name))
        ]
        for f in self.conflicts:
            choices = [(KEEP_THEIRS, "Keep the saved answer"), (KEEP_YOURS, "Keep your answer")]
            if f.kind == s.TEXT:
                choices.append((MERGE, "Combine them"))
            initial = None
            if base is not None:
                they_changed = values_differ(f, base.get(f.name), theirs.get(f.name))
                you_changed = values_differ(f, base.get(f.name), yours.get(f.name))
                if they_changed and not you_changed:
                    initial = KEEP_THEIRS
                elif you_changed and not they_changed:
                    initial = KEEP_YOURS
            self.fields[f"choice__{f.name}"] = forms.ChoiceField(
                label=f"{f.group}: {f.label}" if f.group else f.label,
                choices=choices,
                widget=forms.RadioSelect,
                initial=initial,
                error_messages={"required": f"Select which answer to keep for '{f.label}'"},
            )
            if f.kind == s.TEXT:
                self.fields[f"merged__{f.name}"] = forms.CharField(
                    label="Combined answer",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 6}),
                    initial="\n\n".join(
                        v
                        for v in (
                            str(theirs.get(f.name) or "").strip(),
                            str(yours.get(f.name) or "").strip(),
                        )
                        if v
                    ),
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for f in self.conflicts:
            if (
                cleaned.get(f"choice__{f.name}") == MERGE
                and not str(cleaned.get(f"merged__{f.name}") or "").strip()
            ):
                self.add_error(f"merged__{f.name}", f"Enter the combined answer for '{f.label}'")
        return cleaned

    def resolved(self) -> dict[str, Any]:
        """The answers to save: the saved ones, with each choice applied."""
        values = dict(self.theirs)
        for f in self.conflicts:
            choice = self.cleaned_data.get(f"choice__{f.name}")
            if choice == KEEP_YOURS:
                values[f.name] = self.mine.get(f.name)
            elif choice == MERGE:
                values[f.name] = self.cleaned_data.get(f"merged__{f.name}", "")
        return values

    def rows(self) -> list[dict[str, Any]]:
        """For the page: each conflicting answer, both texts, and its choice."""
        return [
            {
                "field": f,
                "theirs": s.display(f, self.theirs.get(f.name)),
                "yours": s.display(f, self.mine.get(f.name)),
                "choice": self[f"choice__{f.name}"],
                "merged": self[f"merged__{f.name}"] if f.kind == s.TEXT else None,
            }
            for f in self.conflicts
        ]

    @staticmethod
    def pack(values: Mapping[str, Any]) -> str:
        return json.dumps(dict(values), sort_keys=True)

    @staticmethod
    def unpack(raw: str) -> dict[str, Any]:
        try:
            data = json.loads(raw)
        except (TypeError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


# ------------------------------------------------------------------ submit and review


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    decision = forms.ChoiceField(
        label="What is your decision?",
        choices=(
            ("sign_off", "Sign off the assessment"),
            ("return", "Return it to the lead practitioner with comments"),
        ),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to sign off or return the assessment"},
    )
    comments = forms.CharField(
        label="Comments",
        help_text="Needed when you return the assessment: say what needs to change.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label="What progress has the family made?",
        choices=ProgressStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the progress made"},
    )
    note = forms.CharField(
        label="Evidence of progress",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    recorded_on = DateInputField(label="Date of the progress", required=True)


# ------------------------------------------------------------------ Outcome Star and measures

WAY_CHOICES = (
    ("joint", "With the family: we agreed the scores together"),
    ("worker_only", "By the worker only: the family has disengaged"),
    ("disagree", "The family and the worker see it differently: record both"),
)


class StarReadingForm(forms.Form):
    taken_on = DateInputField(label="Date of the reading", required=False)
    occasion = forms.ChoiceField(
        label="When in the work is this reading?",
        choices=ReadingOccasion.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    way = forms.ChoiceField(
        label="How was the reading taken?",
        choices=WAY_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    present = forms.MultipleChoiceField(
        label="Family members present",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    others_present = forms.CharField(
        label="Anyone else present (optional)", required=False, max_length=300
    )
    note = forms.CharField(
        label="Notes on the reading (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        scales: Sequence[StarScale],
        people: Sequence[tuple[str, str]],
        max_value: int = 10,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scales = list(scales)
        self.fields["present"].choices = list(people)  # type: ignore[attr-defined]
        numeric = {"inputmode": "numeric", "class": "govuk-input--width-2"}
        for prefix, whose in (("", "Score"), ("family_", "The family's score")):
            for scale in self.scales:
                self.fields[f"{prefix}score_{scale.pk}"] = forms.CharField(
                    label=f"{whose} (1 to {max_value})",
                    required=False,
                    widget=forms.TextInput(attrs=numeric),
                )
                self.fields[f"{prefix}note_{scale.pk}"] = forms.CharField(
                    label="Note (optional)", required=False
                )

    def scale_rows(self, prefix: str = "") -> list[dict[str, Any]]:
        return [
            {
                "scale": scale,
                "score": self[f"{prefix}score_{scale.pk}"],
                "note": self[f"{prefix}note_{scale.pk}"],
            }
            for scale in self.scales
        ]

    def family_rows(self) -> list[dict[str, Any]]:
        return self.scale_rows("family_")

    def scores(self, prefix: str = "") -> tuple[dict[int, Any], dict[int, str]]:
        data = self.cleaned_data
        return (
            {sc.pk: data.get(f"{prefix}score_{sc.pk}") for sc in self.scales},
            {sc.pk: data.get(f"{prefix}note_{sc.pk}") or "" for sc in self.scales},
        )


class MeasureForm(forms.Form):
    measure = forms.ModelChoiceField(
        label="Measure",
        queryset=MeasureType.objects.none(),
        empty_label="Select a measure",
        error_messages={"required": "Select a measure"},
    )
    person = forms.ChoiceField(
        label="Who is the score for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the score is for"},
    )
    score = forms.CharField(
        label="Score",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    taken_on = DateInputField(label="Date the measure was taken", required=False)
    occasion = forms.ChoiceField(
        label="When was it taken?",
        choices=MeasureOccasion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select when the measure was taken"},
    )
    note = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        measures: Any,
        people: Sequence[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures  # type: ignore[attr-defined]
        self.fields["person"].choices = list(people)  # type: ignore[attr-defined]

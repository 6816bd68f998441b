"""The forms of Team Around the Family meetings: arranging, cancelling, recording, and the
plan changes agreed at them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone

from earlyhelp.govuk.errors import row_number, typed
from earlyhelp.input_limits import bounded_formset_options
from family_plans.forms.fields import (
    YES_NO,
    DatePickerField,
    QuietForm,
    TimeOfDayField,
    set_choices,
)
from family_plans.forms.plan import ActionProgressFields, ActionRowForm, BaseActionRows
from family_plans.models import ActionStatus, Attendance, PlanAction


class MeetingForm(QuietForm):
    date = DatePickerField(label="Date of the meeting", required=False)
    start_time = TimeOfDayField(label="Start time", required=False)
    end_time = TimeOfDayField(label="End time", required=False)
    location = forms.CharField(
        label="Where",
        help_text="The address or room. Leave it empty for a meeting held only online.",
        required=False,
        max_length=300,
    )
    online_link = forms.CharField(
        label="Link to join online (optional)",
        help_text="Starting https://",
        required=False,
        max_length=500,
    )
    team = forms.MultipleChoiceField(
        label="Who from the Team Around the Family is invited?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    family = forms.MultipleChoiceField(
        label="Which family members are invited?",
        help_text="Family members are not emailed: tell them the date and place yourself, "
        "or add them below with an email address.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        team: Sequence[tuple[str, str]] = (),
        family: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["team"], list(team))
        set_choices(self.fields["family"], list(family))

    def moments(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        data = self.cleaned_data
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day is None:
            return None, None
        starts = timezone.make_aware(dt.datetime.combine(day, start)) if start else None
        ends = timezone.make_aware(dt.datetime.combine(day, end)) if end else None
        return starts, ends


class OtherInviteeForm(QuietForm):
    name = forms.CharField(label="Name", required=False, max_length=200)
    organisation = forms.CharField(
        label="Agency, or relationship to the family", required=False, max_length=200
    )
    email = forms.CharField(label="Email address (optional)", required=False, max_length=254)

    def error_summary_name(self) -> str:
        return typed(self, "name") or f"Other person invited {row_number(self)}"

    def has_content(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return any((data.get(k) or "").strip() for k in ("name", "organisation", "email"))


class BaseQuietRows(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"quiet": self.quiet}


OtherInvitees: Any = formset_factory(
    OtherInviteeForm, formset=BaseQuietRows, extra=0, **bounded_formset_options()
)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        help_text="Everyone invited will get the cancellation with this reason.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingRecordForm(forms.Form, ActionProgressFields):
    """What happened at a meeting: attendance per person, views, minutes, decisions,
    progress on the plan's actions and the next review date."""

    family_views = forms.CharField(
        label="The family's views",
        help_text="What the family said, in their words.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    child_views = forms.CharField(
        label="The child's views",
        help_text="The children's wishes and feelings, in their words, and how they were heard.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    minutes = forms.CharField(
        label="Minutes", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    decisions = forms.CharField(
        label="Decisions", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    progress_made = forms.ChoiceField(
        label="Has the family made progress since the last review?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    progress_note = forms.CharField(
        label="Progress since the last review",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    next_review_on = DatePickerField(
        label="Next review date",
        required=False,
        help_text="For example, 17/6/2026. Leave it empty to use the usual interval.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        invitees: Sequence[Any] = (),
        actions: Sequence[PlanAction] = (),
        review: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.attendance_fields = []
        for invitee in invitees:
            name = f"i{invitee.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"{invitee.name}"
                + (f", {invitee.organisation}" if invitee.organisation else ""),
                choices=[c for c in Attendance.choices if c[0]],
                widget=forms.RadioSelect,
                required=False,
            )
            self.attendance_fields.append(self[name])
        if review:
            self.add_action_fields(self, actions)
        else:
            del self.fields["progress_made"]
            del self.fields["progress_note"]
            self.action_rows: list[Any] = []

    def attendance(self) -> dict[int, str]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("i") and name[1:].isdigit() and value
        }


class PlanChangesForm(QuietForm):
    """Changes agreed at a meeting to the actions already in the plan."""

    summary = forms.CharField(
        label="What changed in the plan, and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    plan_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        actions: Sequence[PlanAction] = (),
        owners: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.change_rows = []
        for action in actions:
            prefix = f"c{action.pk}_"
            self.fields[f"{prefix}due_on"] = DatePickerField(
                label=f"Due date of action {action.number}", required=False, initial=action.due_on
            )
            self.fields[f"{prefix}owner"] = forms.ChoiceField(
                label=f"Who will do action {action.number}",
                choices=list(owners),
                initial=action.owner_key,
                required=False,
            )
            self.fields[f"{prefix}status"] = forms.ChoiceField(
                label=f"Where is action {action.number}?",
                choices=ActionStatus.choices,
                initial=action.status,
                required=False,
            )
            self.fields[f"{prefix}dropped_reason"] = forms.CharField(
                label=f"If action {action.number} was dropped, why?",
                required=False,
                initial=action.dropped_reason,
            )
            self.change_rows.append(
                (
                    action,
                    self[f"{prefix}due_on"],
                    self[f"{prefix}owner"],
                    self[f"{prefix}status"],
                    self[f"{prefix}dropped_reason"],
                )
            )


class NewActionForm(ActionRowForm):
    outcome = forms.ChoiceField(label="Which outcome is it for?", required=False)

    def __init__(self, *args: Any, outcomes: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["outcome"], [("", "Choose the outcome"), *outcomes])
        self.order_fields(["outcome", "what", "owner", "start_on", "due_on"])

    def has_content(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return any(data.get(k) for k in ("outcome", "what", "owner", "due_on"))


class BaseNewActions(BaseActionRows):
    def __init__(self, *args: Any, outcomes: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        self.outcomes = outcomes
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "outcomes": self.outcomes}


NewActions: Any = formset_factory(
    NewActionForm, formset=BaseNewActions, extra=0, **bounded_formset_options()
)

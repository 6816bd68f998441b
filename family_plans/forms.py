"""Forms of the plan and meetings pages: they parse what was typed.

Rules (what is required, what is allowed, who may do what) live in the services; the
forms turn the page's fields into values and show the services' messages beside the
fields, keeping everything typed. Repeating rows (actions, people invited, the family
network) are formsets with "Add another" and "Remove" buttons that post the page back
(MOJ add another), so they work without JavaScript and nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.forms import formset_factory
from django.forms.utils import ErrorDict
from django.utils import timezone

from earlyhelp.input_limits import bounded_formset_options
from family_plans.models import (
    ActionStatus,
    Attendance,
    NetworkRelationship,
    OfferResponse,
    OutcomeStatus,
    PlanAction,
)

YES_NO = (("yes", "Yes"), ("no", "No"))
FEEDBACK_ANSWERS = (*YES_NO, ("unanswered", "The family did not answer"))
DATE_HINT = "For example, 17/6/2026."


class DatePickerField(forms.DateField):
    """A date typed as day/month/year, with the MOJ date picker beside it."""

    widget = forms.TextInput(attrs={"autocomplete": "off", "class": "moj-js-datepicker-input"})
    input_formats = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(label=label, required=required, **kwargs)
        lower = label[0].lower() + label[1:]
        self.error_messages = {
            "required": f"Enter the {lower}",
            "invalid": f"{label} must be a real date, like 17/6/2026",
        }

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
        return super().to_python(value)


TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


class TimeOfDayField(forms.Field):
    """A time typed the way people write it: 10:00, 10am, 2.30pm, 14:30."""

    widget = forms.TextInput(attrs={"class": "govuk-input--width-5"})

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 10:00 or 2:30pm.")
        super().__init__(label=label, required=required, **kwargs)
        self.error_messages["required"] = f"Enter the {label.lower()}"

    def to_python(self, value: Any) -> dt.time | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.time):
            return value
        match = TIME_RE.match(str(value).strip().lower().replace(" ", ""))
        label = str(self.label or "Time")
        if match is None:
            raise forms.ValidationError(f"{label} must be a time, like 10:00 or 2:30pm")
        hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError(f"{label} must be a real time, like 10:00 or 2:30pm")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise forms.ValidationError(f"{label} must be a real time, like 10:00 or 2:30pm")
        return dt.time(hour, minute)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.time):
            return f"{value:%H:%M}"
        return value


class QuietForm(forms.Form):
    """A form that can be shown bound to what was typed without showing errors yet
    (after "Add another" or "Remove", before the person has pressed continue)."""

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiet = quiet

    def full_clean(self) -> None:
        if getattr(self, "quiet", False):
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


def set_choices(field: forms.Field, choices: Iterable[tuple[str, str]]) -> None:
    field.choices = list(choices)  # type: ignore[attr-defined]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


# ------------------------------------------------------------------ plan


class OutcomeForm(forms.Form):
    wanted = forms.CharField(
        label="What does the family want to be different?",
        help_text="Write it in the family's own words.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    whose_words = forms.CharField(
        label="Whose words are these?",
        help_text="For example, Grace (mum), or the whole family.",
        required=False,
        max_length=200,
    )
    success_looks_like = forms.CharField(
        label="How will everyone know it has happened?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    need_keys = forms.MultipleChoiceField(
        label="Which needs from the assessment does it answer?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    headline_problems = forms.MultipleChoiceField(
        label="Which headline problems does it answer?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    status = forms.ChoiceField(
        label="Where is the family with this outcome?",
        choices=OutcomeStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        needs: Sequence[tuple[str, str]],
        problems: Sequence[tuple[str, str]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["need_keys"], list(needs))
        set_choices(self.fields["headline_problems"], list(problems))
        if not needs:
            del self.fields["need_keys"]
        if not problems:
            del self.fields["headline_problems"]
        if not editing:
            del self.fields["status"]


class ActionRowForm(QuietForm):
    """One action of several added together."""

    what = forms.CharField(
        label="What will be done",
        help_text="Specific enough that everyone will know when it is done.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    owner = forms.ChoiceField(label="Who will do it", required=False)
    start_on = DatePickerField(label="Start date", required=False)
    due_on = DatePickerField(label="Due date", required=False)

    def __init__(self, *args: Any, owners: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["owner"], [("", "Choose who will do it"), *owners])


class BaseActionRows(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(
        self, *args: Any, owners: Sequence[tuple[str, str]] = (), quiet: bool = False, **kwargs: Any
    ) -> None:
        self.owners = owners
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"owners": self.owners, "quiet": self.quiet}


ActionRows: Any = formset_factory(
    ActionRowForm, formset=BaseActionRows, extra=0, min_num=1, **bounded_formset_options()
)


class ActionForm(forms.Form):
    """One action: what, who, when and where it is, for whoever leads the work."""

    what = forms.CharField(
        label="What will be done", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner = forms.ChoiceField(label="Who will do it", required=False)
    start_on = DatePickerField(label="Start date", required=False)
    due_on = DatePickerField(label="Due date", required=False)
    status = forms.ChoiceField(
        label="Where is the action?",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    dropped_reason = forms.CharField(
        label="If it was dropped, why?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        owners: Sequence[tuple[str, str]] = (),
        status_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.status_only = status_only
        if status_only:
            for name in ("what", "owner", "start_on", "due_on"):
                del self.fields[name]
        else:
            set_choices(self.fields["owner"], [("", "Choose who will do it"), *owners])

    @classmethod
    def initial_for(cls, action: PlanAction) -> dict[str, Any]:
        return {
            "what": action.what,
            "owner": action.owner_key,
            "start_on": action.start_on,
            "due_on": action.due_on,
            "status": action.status,
            "dropped_reason": action.dropped_reason,
            "version": action.version,
        }


class AgreeForm(forms.Form):
    agreed_on = DatePickerField(label="Date agreed with the family", required=False)
    agreed_with = forms.CharField(
        label="Who agreed it",
        help_text="The family members who agreed the plan, for example Grace and Sam.",
        required=False,
        max_length=300,
    )
    children_views = forms.CharField(
        label="What the children say about the plan",
        help_text="In their own words. Their wishes and feelings from the assessment are "
        "shown above and kept with the plan.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    summary = forms.CharField(
        label="What has changed, and why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    next_review_on = DatePickerField(
        label="Next review date",
        required=False,
        help_text="For example, 17/6/2026. Leave it empty to use the usual interval.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, first: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if first:
            del self.fields["summary"]


def _action_label(action: PlanAction) -> str:
    return f"Action {action.number}: {action.what[:80]}"


class ActionProgressFields:
    """Adds a status and a note per action to a review or meeting form: a<id>_status,
    a<id>_note, a<id>_dropped_reason."""

    def add_action_fields(self, form: forms.Form, actions: Iterable[PlanAction]) -> None:
        form.action_rows = []  # type: ignore[attr-defined]
        for action in actions:
            prefix = f"a{action.pk}_"
            form.fields[f"{prefix}status"] = forms.ChoiceField(
                label=f"Where is action {action.number} now?",
                choices=ActionStatus.choices,
                initial=action.status,
                required=False,
            )
            form.fields[f"{prefix}note"] = forms.CharField(
                label=f"Progress on action {action.number}",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            form.fields[f"{prefix}dropped_reason"] = forms.CharField(
                label=f"If action {action.number} was dropped, why?",
                required=False,
            )
            form.action_rows.append(  # type: ignore[attr-defined]
                (
                    action,
                    form[f"{prefix}status"],
                    form[f"{prefix}note"],
                    form[f"{prefix}dropped_reason"],
                )
            )


class ReviewForm(forms.Form, ActionProgressFields):
    reviewed_on = DatePickerField(label="Date of the review", required=False)
    progress_made = forms.ChoiceField(
        label="Has the family made progress since the last review?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    note = forms.CharField(
        label="Progress since the last review",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    next_review_on = DatePickerField(
        label="Next review date",
        required=False,
        help_text="For example, 17/6/2026. Leave it empty to use the usual interval.",
    )
    # The family's feedback: the same questions as at closure (cases/forms/journey.py),
    # all optional, since the family is not asked at every review.
    timely_and_helpful = forms.ChoiceField(
        label="Did the family say the help has been timely and helpful? (optional)",
        choices=FEEDBACK_ANSWERS,
        widget=forms.RadioSelect,
        required=False,
    )
    feedback_comments = forms.CharField(
        label="What did the family say about the help? (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="In the family's own words",
    )
    about_lead_practitioner = forms.CharField(
        label="What did they say about working with their lead practitioner? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, actions: Sequence[PlanAction] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_action_fields(self, actions)


# ------------------------------------------------------------------ meetings


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


# ------------------------------------------------------------------ family network meetings


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

    def has_content(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return any(data.get(k) for k in ("name", "relationship", "relationship_detail"))


NetworkMembers: Any = formset_factory(
    NetworkMemberForm, formset=BaseQuietRows, extra=0, **bounded_formset_options()
)

"""The forms of the plan: outcomes, actions, agreeing a version and reviewing it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.text import Truncator

from cases.forms.feedback import family_feedback_fields
from earlyhelp.govuk.errors import row_number, typed
from earlyhelp.input_limits import bounded_formset_options
from family_plans.forms.fields import (
    YES_NO,
    DatePickerField,
    QuietForm,
    set_choices,
)
from family_plans.models import ActionStatus, OutcomeStatus, PlanAction


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

    def error_summary_name(self) -> str:
        """Which action: "Action 2 (Walk to school together)"."""
        what = Truncator(typed(self, "what")).chars(40)
        return f"Action {row_number(self)}" + (f" ({what})" if what else "")


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
    # The family's feedback: the same questions as at closure (cases/forms/feedback.py),
    # all optional, since the family is not asked at every review.
    timely_and_helpful, feedback_comments, about_lead_practitioner = family_feedback_fields(
        at_review=True
    )

    def __init__(self, *args: Any, actions: Sequence[PlanAction] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_action_fields(self, actions)

"""Writing a case note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms.base import not_after_today
from cases.models import NoteType, NoteVisibility, SensitiveCategory
from earlyhelp.govuk.fields import DateInputField
from partners.models import User


class NoteForm(forms.Form):
    note_type = forms.ChoiceField(
        label="What kind of contact was it?",
        choices=NoteType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of note"},
    )
    contact_date = DateInputField(
        label="Date of contact",
        help_text="For example, 27 3 2026",
        error_messages={"required_date": "Enter the date of contact"},
    )
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the note"},
    )
    sensitive_category = forms.ChoiceField(
        label="Is it about something sensitive?",
        choices=[("", "No"), *[c for c in SensitiveCategory.choices if c[0]]],
        required=False,
        help_text="Notes about domestic abuse, sexual health or police intelligence can be "
        "read only by the people you name, unless you choose otherwise below",
    )
    visibility = forms.ChoiceField(
        label="Who can read the note?",
        choices=NoteVisibility.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="If you do not choose, everyone working on the case can read it (only the "
        "people you name, for a sensitive note)",
    )
    readers = forms.ModelMultipleChoiceField(
        label="Who else may read it?",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="For a note only the people you name can read. You can always read your own",
    )

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        readers = self.fields["readers"]
        readers.queryset = workers  # type: ignore[attr-defined]
        # With their job, so the coordinator and the lead's manager are told apart.
        readers.label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.full_name}, {user.job_title}" if user.job_title else user.full_name
        )

    def clean_contact_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("contact_date")
        not_after_today(value, "Date of contact")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("readers") and not data.get("visibility"):
            data["visibility"] = NoteVisibility.RESTRICTED
        if data.get("readers") and data.get("visibility") not in (
            None,
            "",
            NoteVisibility.RESTRICTED,
        ):
            self.add_error(
                "readers", "Name readers only for a note that only the people you name can read"
            )
        return data

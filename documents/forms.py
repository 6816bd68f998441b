"""The upload form (the MOJ multi-file upload pattern) and the documents list's filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from cases.forms.base import not_after_today
from cases.forms.lists import ListFilterForm
from cases.models import NoteVisibility
from documents.models import DocumentType
from earlyhelp.govuk.fields import DateInputField
from partners.models import User


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by the service, not here."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DocumentForm(forms.Form):
    upload_files = MultipleFileField(
        label="Upload files",
        error_messages={"required": "Select a file to upload"},
    )
    document_type = forms.ChoiceField(
        label="What are they?",
        choices=DocumentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the documents are"},
    )
    document_date = DateInputField(
        label="Date of the documents",
        help_text="The date on them, or when they were made. For example, 27 3 2026",
        error_messages={"required_date": "Enter the date of the documents"},
    )
    description = forms.CharField(
        label="Description (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
        error_messages={"max_length": "Description must be 500 characters or fewer"},
    )
    about = forms.ChoiceField(label="What on the case are they about?", required=False)
    visibility = forms.ChoiceField(
        label="Who can see them?",
        choices=NoteVisibility.choices,
        widget=forms.RadioSelect,
        initial=NoteVisibility.EVERYONE,
        error_messages={"required": "Select who can see the documents"},
    )
    readers = forms.ModelMultipleChoiceField(
        label="Who else may see them?",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="For documents only the people you name can see. You can always see your own",
    )

    def __init__(
        self, *args: Any, workers: QuerySet[User], about: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.DOCUMENT_MAX_UPLOAD_MB
        self.fields["upload_files"].help_text = (
            f"PDF, images (JPEG, PNG, GIF, TIFF, HEIC, WebP) or Office documents, each "
            f"{limit} MB or less. Select up to {settings.DOCUMENT_MAX_FILES} files at once"
        )
        readers = self.fields["readers"]
        readers.queryset = workers  # type: ignore[attr-defined]
        readers.label_from_instance = lambda user: user.full_name  # type: ignore[attr-defined]
        self.fields["about"].choices = [("", "The case as a whole"), *about]  # type: ignore[attr-defined]

    def clean_document_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("document_date")
        not_after_today(value, "Date of the documents")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("readers") and data.get("visibility") != NoteVisibility.RESTRICTED:
            self.add_error(
                "readers", "Name people only for documents that only the people you name can see"
            )
        return data


class DocumentFilterForm(ListFilterForm):
    type = forms.ChoiceField(
        label="Type of document",
        choices=[("", "All types"), *DocumentType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a type of document from the list"},
    )

"""Forms of the partners pages, in the GOV.UK voice."""

from __future__ import annotations

from django import forms


class NotificationSettingsForm(forms.Form):
    """Which kinds of notification a person wants by email (all are shown in the service)."""

    email_kinds = forms.MultipleChoiceField(
        label="Which would you like by email as well?",
        help_text="Every notification is shown in the service. Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: object, kinds: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["email_kinds"].choices = kinds  # type: ignore[attr-defined]

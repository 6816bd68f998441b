"""Sign-in form in the GOV.UK voice."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been closed. Contact your system administrator",
    }


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

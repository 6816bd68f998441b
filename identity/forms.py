"""Forms of signing in, second factors, passwords and onboarding, in the GOV.UK voice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation

from partners.emails import normalise_email
from partners.roles import Role


class SignInForm(auth_forms.AuthenticationForm):
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
        "inactive": "This account has been closed. Contact your agency administrator",
    }

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data["username"])


class SecurityCodeForm(forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": False}
        ),
        error_messages={"required": "Enter your security code"},
    )


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows for this service",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": False}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )


class PasskeyAnswerForm(forms.Form):
    """The browser's answer to a passkey request, as JSON, filled in by static/js/passkeys.mjs."""

    credential = forms.CharField(required=False, widget=forms.HiddenInput, max_length=20_000)


class ReauthenticateForm(forms.Form):
    """The password, and either a security code or a passkey's answer."""

    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    code = forms.CharField(
        label=SecurityCodeForm.base_fields["code"].label,
        help_text=SecurityCodeForm.base_fields["code"].help_text,
        required=False,
        max_length=20,
        widget=SecurityCodeForm.base_fields["code"].widget,
    )
    credential = PasskeyAnswerForm.base_fields["credential"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("code") and not cleaned.get("credential"):
            self.add_error("code", "Enter your security code")
        return cleaned


class PasskeyAddForm(forms.Form):
    name = forms.CharField(
        label="Name this passkey",
        help_text="So you can tell your passkeys apart, for example Work laptop",
        max_length=64,
        error_messages={
            "required": "Enter a name for the passkey",
            "max_length": "Name must be 64 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )
    credential = PasskeyAnswerForm.base_fields["credential"]


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The address you sign in with",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": False}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )


class NewPasswordForm(auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    """Choose a password (invitations and resets). NCSC: length, not complexity."""

    error_messages = {"password_mismatch": "The passwords do not match"}

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. Three random words make a strong password that is "
            "easy to remember. Do not use a password you use anywhere else."
        )
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"


class ChangePasswordForm(NewPasswordForm):
    old_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self) -> str:
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError("Your current password is not right")
        return str(old)


class InvitationPasswordForm(forms.Form):
    """The same two fields, for a person who is not signed in yet."""

    new_password1 = NewPasswordForm.base_fields["new_password1"]
    new_password2 = NewPasswordForm.base_fields["new_password2"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        template = NewPasswordForm(user)
        for name in ("new_password1", "new_password2"):
            self.fields[name] = template.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", "The passwords do not match")
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Their work email address: they sign in with it",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": False}),
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    agency = forms.TypedChoiceField(
        label="Agency",
        coerce=int,
        error_messages={"required": "Select the agency", "invalid_choice": "Select the agency"},
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={"required": "Select their role", "invalid_choice": "Select their role"},
    )

    def __init__(self, *args: Any, agencies: list[Any], roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.choices = [(a.pk, a.name) for a in agencies]  # type: ignore[attr-defined]
        if len(agencies) == 1:
            field.widget = forms.HiddenInput()
            field.initial = agencies[0].pk
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]  # type: ignore[attr-defined]

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        help_text="Select all that apply",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one role"},
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = [(r, Role(r).label) for r in roles]  # type: ignore[attr-defined]


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label="Why are you resetting it?",
        help_text="For example, they have a new phone. This is kept in the security log.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the second factor is being reset"},
    )


class StaffFilterForm(forms.Form):
    name = forms.CharField(label="Name or email address", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any"),
            ("active", "Active"),
            ("invited", "Invited"),
            ("deactivated", "Deactivated"),
        ],
    )
    agency = forms.TypedChoiceField(label="Agency", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Any agency")] + [  # type: ignore[attr-defined]
            (a.pk, a.name) for a in agencies
        ]
        if len(agencies) <= 1:
            del self.fields["agency"]

    def value(self, name: str) -> Any:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get(name) or None


class SecurityEventFilterForm(forms.Form):
    action = forms.ChoiceField(label="Event", required=False)
    email = forms.CharField(label="Email address contains", required=False, max_length=254)
    since = forms.DateField(
        label="From",
        required=False,
        help_text="For example, 27/3/2026",
        error_messages={"invalid": "Enter the from date as a real date, like 27/3/2026"},
    )
    until = forms.DateField(
        label="To",
        required=False,
        help_text="For example, 31/3/2026",
        error_messages={"invalid": "Enter the to date as a real date, like 31/3/2026"},
    )

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "Any event"), *actions]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The to date must be the same as or after the from date")
        return data

    def value(self, name: str) -> Any:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get(name) or None

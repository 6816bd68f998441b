"""Forms of the family's section (plain words, marked for translation) and the
practitioner's invitation form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case, ConsentDecision
from family_view.models import CodeChannel
from family_view.senders import texts_available
from family_view.services.access import household_people


class StartForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Enter your 6-digit code"),
        max_length=12,
        error_messages={"required": _("Enter your 6-digit code")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if len(digits) != 6:
            raise forms.ValidationError(_("Your code must be 6 numbers"))
        return digits


class ViewForm(forms.Form):
    text = forms.CharField(
        label=_("What would you like to say?"),
        max_length=5000,
        error_messages={
            "required": _("Enter your views"),
            "max_length": _("Your views must be 5,000 characters or fewer"),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ConsentDecision.GIVEN.value, _("Yes")),
            (ConsentDecision.REFUSED.value, _("No")),
            (ConsentDecision.WITHDRAWN.value, _("No longer")),
        ]
    )


class FeedbackForm(forms.Form):
    timely_and_helpful = forms.TypedChoiceField(
        label=_("Did you get help when you needed it, and did it help?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes or no")},
    )
    comments = forms.CharField(
        label=_("Is there anything else you want to tell us? (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class InviteForm(forms.Form):
    """The practitioner's form: who, where the link goes, how the code goes."""

    person = forms.TypedChoiceField(
        label="Who are you inviting?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are inviting"},
    )
    email = forms.EmailField(
        label="Their email address",
        help_text="We send the sign-in link here.",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    code_channel = forms.ChoiceField(
        label="How should they get their 6-digit code?",
        choices=CodeChannel.choices,
        initial=CodeChannel.EMAIL,
        widget=forms.RadioSelect,
    )
    mobile = forms.CharField(label="Their mobile number", required=False, max_length=20)
    young_person_agreed = forms.BooleanField(
        label="The young person has agreed to be invited (needed for anyone aged 13 to 17)",
        required=False,
    )
    shares_plan = forms.BooleanField(
        label="A young person may see the whole plan, not only their own actions",
        required=False,
        initial=True,
    )
    shares_star = forms.BooleanField(
        label="A young person may see the family's Star readings", required=False, initial=True
    )
    shares_meetings = forms.BooleanField(
        label="A young person may see the next meeting", required=False, initial=True
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = household_people(case)
        self.people = {p.pk: p for p in people}
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ChoiceField)  # noqa: S101
        person_field.choices = [(p.pk, p.full_name) for p in people]
        channel_field = self.fields["code_channel"]
        assert isinstance(channel_field, forms.ChoiceField)  # noqa: S101
        if not texts_available():
            channel_field.choices = [(CodeChannel.EMAIL.value, CodeChannel.EMAIL.label)]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is their access ending?",
        max_length=500,
        error_messages={"required": "Enter why their access is ending"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

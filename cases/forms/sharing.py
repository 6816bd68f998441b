"""The Team Around the Family, consent, and shares with agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from cases.forms.base import not_after_today, not_before_today
from cases.models import ConsentDecision, ConsentRecord, Person, ShareBasis
from earlyhelp.govuk.fields import DateInputField
from earlyhelp.templatetags.govuk import govuk_date
from partners.models import Agency, InformationSharingAgreement

CONSENT_COVERS = "consent"
LAWFUL_BASIS = "lawful"
METHODS = [("verbal", "Verbally"), ("written", "In writing"), ("signed", "Signed form")]


class TeamMemberForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={
            "required": "Select the agency",
            "invalid_choice": "Select an agency from the list",
        },
    )
    # Named `user` so the service's message about the person lands beside it.
    user = forms.EmailField(
        label="Email address of a named person (optional)",
        required=False,
        help_text="Someone who works for the agency, if the agency names one",
        widget=forms.EmailInput(attrs={"spellcheck": False, "autocomplete": "off"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk"
        },
    )
    role_on_case = forms.CharField(
        label="Role on the case (optional)",
        max_length=120,
        required=False,
        help_text="For example, class teacher or health visitor",
    )
    # Joining the team opens the case to the agency: on consent, or a lawful basis.
    basis = forms.ChoiceField(
        label="What allows this agency to see the family's information?",
        choices=[
            (CONSENT_COVERS, "The family's consent covers this agency"),
            (LAWFUL_BASIS, "A lawful basis for sharing without consent"),
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text="Not needed for someone from the lead agency",
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis",
        choices=[("", "Select the lawful basis")]
        + [(b.value, b.label) for b in (ShareBasis.SAFEGUARDING, ShareBasis.LEGAL_DUTY)],
        required=False,
    )
    lawful_reason = forms.CharField(
        label="Why is sharing without consent necessary?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agreement = forms.ModelChoiceField(
        label="Information sharing agreement (optional)",
        queryset=InformationSharingAgreement.objects.none(),
        required=False,
        empty_label="Select an agreement",
        help_text="The agreement relied on, if one covers this agency",
        error_messages={"invalid_choice": "Select an agreement from the list"},
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        agreements: QuerySet[InformationSharingAgreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("basis") == LAWFUL_BASIS:
            if not data.get("lawful_basis"):
                self.add_error(
                    "lawful_basis", "Select the lawful basis for sharing without consent"
                )
            if not (data.get("lawful_reason") or "").strip():
                self.add_error("lawful_reason", "Enter why sharing without consent is necessary")
        return data

    def share_basis(self) -> str:
        """The basis as the service names it: consent, or the lawful basis chosen."""
        data = self.cleaned_data
        if data.get("basis") == LAWFUL_BASIS:
            return str(data["lawful_basis"])
        return ShareBasis.CONSENT


class TeamMemberEndForm(forms.Form):
    ended_on = DateInputField(
        label="Date they left the team (optional)",
        required=False,
        help_text="Leave it blank for today",
    )

    def clean_ended_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("ended_on")
        not_after_today(value, "Date they left the team")
        return value


class ConsentForm(forms.Form):
    basis = forms.ChoiceField(
        label="What is the record of?",
        choices=[
            (ShareBasis.CONSENT, "A family member's decision about consent"),
            (ShareBasis.SAFEGUARDING, f"A lawful basis: {ShareBasis.SAFEGUARDING.label}"),
            (ShareBasis.LEGAL_DUTY, f"A lawful basis: {ShareBasis.LEGAL_DUTY.label}"),
        ],
        widget=forms.RadioSelect,
        initial=ShareBasis.CONSENT,
        error_messages={"required": "Select what the record is of"},
    )
    person = forms.ModelChoiceField(
        label="Who made the decision?",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Select a person",
        help_text="Needed for a decision about consent",
        error_messages={"invalid_choice": "Select someone in the household"},
    )
    decision = forms.ChoiceField(
        label="What did they decide?",
        choices=ConsentDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the family's decision"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies does it cover? (optional)",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Consent given to an agency shares the case with it",
    )
    purposes = forms.CharField(
        label="For what purposes? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    lawful_reason = forms.CharField(
        label="Why is sharing without consent lawful?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed for a lawful basis",
    )
    method = forms.ChoiceField(
        label="How was the decision given?",
        choices=METHODS,
        widget=forms.RadioSelect,
        initial="verbal",
        error_messages={"required": "Select how the decision was given"},
    )
    decided_on = DateInputField(
        label="Date of the decision (optional)",
        required=False,
        help_text="Leave it blank for today",
    )
    review_on = DateInputField(
        label="Review the decision on (optional)", required=False, help_text="For example, 1 9 2026"
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        agencies: QuerySet[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]

    def clean_decided_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("decided_on")
        not_after_today(value, "Date of the decision")
        return value

    def clean_review_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("review_on")
        not_before_today(value, "Review date")
        return value


class ShareForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Share with which agency?",
        queryset=Agency.objects.none(),
        empty_label="Select an agency",
        error_messages={
            "required": "Select the agency to share with",
            "invalid_choice": "Select an agency from the list",
        },
    )
    basis = forms.ChoiceField(
        label="On what basis?",
        choices=ShareBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the basis for sharing"},
    )
    consent = forms.ModelChoiceField(
        label="The consent it relies on",
        queryset=ConsentRecord.objects.none(),
        required=False,
        empty_label="Select a consent record",
        help_text="Needed when sharing on consent",
        error_messages={"invalid_choice": "Select consent given on this case"},
    )
    lawful_reason = forms.CharField(
        label="Why is sharing without consent necessary?",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Needed when sharing without consent",
    )
    agreement = forms.ModelChoiceField(
        label="Information sharing agreement",
        queryset=InformationSharingAgreement.objects.none(),
        required=False,
        empty_label="Select an agreement",
        help_text="Needed when sharing without consent",
        error_messages={"invalid_choice": "Select an agreement from the list"},
    )
    purpose = forms.CharField(
        label="Purpose of sharing",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the purpose of sharing"},
    )
    ends_on = DateInputField(
        label="Sharing ends on (optional)",
        required=False,
        help_text="Leave it blank to share until the case closes. For example, 1 9 2026",
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        consents: QuerySet[ConsentRecord],
        agreements: QuerySet[InformationSharingAgreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        consent = self.fields["consent"]
        consent.queryset = consents  # type: ignore[attr-defined]
        consent.label_from_instance = _consent_label  # type: ignore[attr-defined]
        self.fields["agreement"].queryset = agreements  # type: ignore[attr-defined]

    def clean_ends_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("ends_on")
        not_before_today(value, "End date")
        return value


def _consent_label(record: ConsentRecord) -> str:
    who = record.person.full_name if record.person else "Lawful basis"
    return f"{who}: {record.get_decision_display().lower()} on {govuk_date(record.decided_on)}"


class ShareEndForm(forms.Form):
    reason = forms.CharField(
        label="Why is sharing ending?",
        max_length=200,
        error_messages={
            "required": "Enter why sharing is ending",
            "max_length": "Reason must be 200 characters or fewer",
        },
    )


class DisclosureForm(forms.Form):
    """Information shared outside the system, for the case's information sharing record.

    One field each for what Working Together 2023 asks the record to hold: what was
    shared, with whom, for what purpose, on what basis and the reasoning. The service
    checks that an agency or a person is named (either, or both).
    """

    what = forms.CharField(
        label="What was shared?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the family plan read out on a call, or the case audit PDF",
        error_messages={"required": "Enter what was shared"},
    )
    shared_with_agency = forms.ModelChoiceField(
        label="Which agency was it shared with?",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Select an agency",
        help_text="Leave it blank if it was not an agency in the list",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    shared_with = forms.CharField(
        label="Who was it shared with? (optional)",
        max_length=200,
        required=False,
        help_text="Their name and role, or the organisation if it is not in the list",
        error_messages={"max_length": "Who it was shared with must be 200 characters or fewer"},
    )
    purpose = forms.CharField(
        label="Purpose of sharing",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the purpose of sharing"},
    )
    basis = forms.ChoiceField(
        label="On what lawful basis?",
        choices=ShareBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    reasoning = forms.CharField(
        label="Reasoning behind the decision to share",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why sharing was necessary and proportionate, and anything held back",
        error_messages={"required": "Enter the reasoning behind the decision to share"},
    )
    shared_on = DateInputField(
        label="Date shared (optional)",
        required=False,
        help_text="Leave it blank for today. For example, 27 3 2026",
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shared_with_agency"].queryset = agencies  # type: ignore[attr-defined]

    def clean_shared_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("shared_on")
        not_after_today(value, "Date shared")
        return value

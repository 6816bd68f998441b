"""The new-enquiry question pages: family details, household members, concerns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from cases.codes import ContactSource, Ethnicity, Gender, Relationship, Sex
from cases.forms.base import DraftForm, not_after_today, not_before_today
from cases.identifiers import (
    validate_nhs_number,
    validate_ni_number,
    validate_postcode,
    validate_upn,
)
from cases.models import ConcernCategory, Family, Person, Urgency
from cases.models.enquiries import FamilyConsent
from cases.services import NewFamilyDetails, PersonDetails, StepDownDetails
from earlyhelp.govuk.errors import row_number, typed
from earlyhelp.govuk.fields import DateInputField
from earlyhelp.input_limits import bounded_formset_options
from partners.models import Agency, FamilyHub
from partners.selectors import hub_for_postcode

YES_NO = [("yes", "Yes"), ("no", "No")]


class FamilyDetailsForm(DraftForm):
    name = forms.CharField(
        label="What is the household known as?",
        max_length=200,
        help_text="For example, the Khan family",
        error_messages={"required": "Enter what the household is known as"},
    )
    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter address line 1, typically the building and street"},
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        error_messages={"required": "Enter the town or city"},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={"required": "Enter the postcode"},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "spellcheck": False}),
    )
    family_hub = forms.ChoiceField(
        label="Family hub (optional)",
        required=False,
        help_text="The postcode decides it when it is in the area. Choose it if the family "
        "lives elsewhere or you know better.",
    )
    language = forms.CharField(
        label="Main language spoken at home",
        max_length=60,
        error_messages={"required": "Enter the main language spoken at home"},
    )
    interpreter_needed = forms.ChoiceField(
        label="Does the family need an interpreter?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the family needs an interpreter"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hubs = FamilyHub.objects.select_related("zone").order_by("zone__name", "name")
        self.fields["family_hub"].choices = [  # type: ignore[attr-defined]
            ("", "Decided by the postcode"),
            *((str(h.pk), f"{h.name} ({h.zone.name})") for h in hubs),
        ]

    def clean_postcode(self) -> str:
        try:
            return validate_postcode(self.cleaned_data.get("postcode") or "")
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code="invalid") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        postcode = data.get("postcode")
        if postcode and not data.get("family_hub") and hub_for_postcode(postcode=postcode) is None:
            self.add_error(
                "family_hub",
                "Select the family hub that serves the family: the postcode is not in an "
                "area the service knows",
            )
        return data

    def details(self) -> NewFamilyDetails:
        data = self.cleaned_data
        return NewFamilyDetails(
            name=data["name"].strip(),
            address_line_1=data["address_line_1"].strip(),
            address_line_2=(data.get("address_line_2") or "").strip(),
            town=data["town"].strip(),
            postcode=data["postcode"],
            language=data["language"].strip(),
            interpreter_needed=data["interpreter_needed"] == "yes",
            family_hub_id=int(data["family_hub"]) if data.get("family_hub") else None,
        )


def _ethnicity_choices() -> list[tuple[str, str]]:
    return [(code, f"{label} ({code})") for code, label in Ethnicity.choices]


class PersonForm(DraftForm):
    """One household member. The date of birth, or for an unborn child the expected one."""

    def error_summary_name(self) -> str:
        """Who this row is, to name them in the error summary: "Jamie Smith"."""
        name = typed(self, "given_names", "family_name")
        if typed(self, "given_names") and typed(self, "family_name"):
            return name
        return f"Person {row_number(self)}" + (f" ({name})" if name else "")

    family_name = forms.CharField(
        label="Family name", max_length=100, error_messages={"required": "Enter the family name"}
    )
    given_names = forms.CharField(
        label="Given names", max_length=150, error_messages={"required": "Enter the given names"}
    )
    preferred_name = forms.CharField(
        label="Preferred name (optional)",
        max_length=100,
        required=False,
        help_text="The name they like to be called, if different",
    )
    relationship = forms.ChoiceField(
        label="Relationship in the household",
        choices=[("", "Select a relationship"), *Relationship.choices],
        error_messages={"required": "Select their relationship in the household"},
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, help_text="For example, 27 3 2016"
    )
    date_of_birth_estimated = forms.BooleanField(
        label="The date of birth is estimated", required=False
    )
    expected_date_of_birth = DateInputField(
        label="Expected date of birth",
        required=False,
        help_text="Only for an unborn child. For example, 14 9 2026",
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, initial=Sex.UNKNOWN)
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices, initial=Gender.NOT_STATED)
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=_ethnicity_choices,
        initial=Ethnicity.NOBT,
        help_text="As the person (or their parent) describes it",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=20,
        required=False,
        help_text="10 digits, like 943 476 5919",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": False}),
    )
    upn = forms.CharField(
        label="Unique pupil number (optional)",
        max_length=20,
        required=False,
        help_text="13 characters, like A123456789012",
        widget=forms.TextInput(attrs={"spellcheck": False}),
    )
    ni_number = forms.CharField(
        label="National Insurance number (optional)",
        max_length=20,
        required=False,
        help_text="Like QQ 12 34 56 C",
        widget=forms.TextInput(attrs={"spellcheck": False}),
    )
    local_id = forms.CharField(
        label="Local identifier (optional)",
        max_length=40,
        required=False,
        help_text="Their number in another local system, such as the council's social care "
        "or education record",
        widget=forms.TextInput(attrs={"spellcheck": False}),
    )
    send = forms.BooleanField(
        label="Has special educational needs or a disability (SEND)", required=False
    )
    disability = forms.CharField(
        label="Disability (optional)",
        required=False,
        help_text="In the family's words",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    school = forms.ChoiceField(label="School or setting (optional)", required=False)
    school_name = forms.CharField(
        label="School or setting, if not in the list (optional)", max_length=200, required=False
    )
    enquiry_is_about = forms.BooleanField(label="The enquiry is about this child", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schools = Agency.objects.filter(
            kind__in=("school", "early_years"), is_active=True
        ).order_by("name")
        self.fields["school"].choices = [  # type: ignore[attr-defined]
            ("", "Not known or not listed"),
            *((str(pk), name) for pk, name in schools.values_list("pk", "name")),
        ]

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date_of_birth")
        not_after_today(value, "Date of birth")
        if value is not None and value < dt.date(1900, 1, 1):
            raise ValidationError("Date of birth must be after 1 January 1900", code="too_old")
        return value

    def clean_expected_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("expected_date_of_birth")
        not_before_today(value, "Expected date of birth")
        return value

    def clean_nhs_number(self) -> str:
        value = (self.cleaned_data.get("nhs_number") or "").strip()
        return validate_nhs_number(value) if value else ""

    def clean_upn(self) -> str:
        value = (self.cleaned_data.get("upn") or "").strip()
        return validate_upn(value) if value else ""

    def clean_ni_number(self) -> str:
        value = (self.cleaned_data.get("ni_number") or "").strip()
        return validate_ni_number(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dob_given = data.get("date_of_birth") or "date_of_birth" in self.errors
        edd_given = data.get("expected_date_of_birth") or "expected_date_of_birth" in self.errors
        if not dob_given and not edd_given:
            self.add_error(
                "date_of_birth",
                "Enter the date of birth, or an expected date of birth for an unborn child",
            )
        elif data.get("date_of_birth") and data.get("expected_date_of_birth"):
            self.add_error(
                "expected_date_of_birth",
                "Enter either a date of birth or an expected date of birth, not both",
            )
        return data

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            family_name=data["family_name"].strip(),
            given_names=data["given_names"].strip(),
            preferred_name=(data.get("preferred_name") or "").strip(),
            relationship=data["relationship"],
            date_of_birth=data.get("date_of_birth"),
            date_of_birth_estimated=bool(data.get("date_of_birth_estimated")),
            expected_date_of_birth=data.get("expected_date_of_birth"),
            sex=data["sex"],
            gender=data["gender"],
            ethnicity=data["ethnicity"],
            send=bool(data.get("send")),
            disability=(data.get("disability") or "").strip(),
            school_id=int(data["school"]) if data.get("school") else None,
            school_name=(data.get("school_name") or "").strip(),
            nhs_number=data.get("nhs_number") or "",
            upn=data.get("upn") or "",
            ni_number=data.get("ni_number") or "",
            local_id=(data.get("local_id") or "").strip(),
            enquiry_is_about=bool(data.get("enquiry_is_about")),
        )


class BasePersonFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The household: at least one person the enquiry is about; identifiers used once."""

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("form_kwargs", {})["quiet"] = quiet
        super().__init__(*args, **kwargs)
        self.quiet = quiet

    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        if not any(form.cleaned_data.get("enquiry_is_about") for form in self.forms):
            self.forms[0].add_error(
                "enquiry_is_about", "Select at least one child the enquiry is about"
            )
        for name, label in (("nhs_number", "NHS number"), ("upn", "UPN"), ("ni_number", None)):
            seen: set[str] = set()
            for form in self.forms:
                value = form.cleaned_data.get(name)
                if value and value in seen:
                    what = label or "National Insurance number"
                    form.add_error(name, f"This {what} is already given for someone else")
                if value:
                    seen.add(value)

    def people(self) -> list[PersonDetails]:
        return [form.details() for form in self.forms]


PersonFormSet = forms.formset_factory(
    PersonForm,
    formset=BasePersonFormSet,
    extra=0,
    min_num=1,
    validate_min=False,
    **bounded_formset_options(),
)
PERSON_PREFIX = "person"


class ChildrenForm(DraftForm):
    """For a family already known: which of its members the enquiry is about."""

    children = forms.ModelMultipleChoiceField(
        label="Who is the enquiry about?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the children the enquiry is about"},
    )

    def __init__(self, *args: Any, people: Iterable[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["children"]
        people = list(people)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in people])  # type: ignore[attr-defined]
        field.choices = [(p.pk, _person_label(p)) for p in people]  # type: ignore[attr-defined]


def _person_label(person: Person) -> str:
    if person.date_of_birth:
        return f"{person.full_name}, born {person.date_of_birth.day} {person.date_of_birth:%B %Y}"
    if person.expected_date_of_birth:
        due = person.expected_date_of_birth
        return f"{person.full_name}, unborn (due {due.day} {due:%B %Y})"
    return person.full_name


class MatchForm(DraftForm):
    """Families already known that match the people entered: use one, or carry on."""

    NEW = "new"

    family = forms.ChoiceField(
        label="Is the enquiry about one of these families?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a family, or that it is none of these"},
    )

    def __init__(self, *args: Any, families: Iterable[Family] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family"].choices = [  # type: ignore[attr-defined]
            *((str(f.pk), _family_label(f)) for f in families),
            (self.NEW, "None of these: it is a family not known to us"),
        ]


def _family_label(family: Family) -> str:
    members = getattr(family, "current_members", None)
    names = ", ".join(m.person.full_name for m in members or [])
    where = f", {family.postcode}" if family.postcode else ""
    return f"{family.name}{where}" + (f" ({names})" if names else "")


def not_after_today_or_error(form: forms.Form, name: str, label: str) -> None:
    value = form.cleaned_data.get(name)
    if value is not None:
        try:
            not_after_today(value, label)
        except ValidationError as exc:
            form.add_error(name, exc)


class ConcernsForm(DraftForm):
    concern_categories = forms.MultipleChoiceField(
        label="What are the concerns about?",
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select what the concerns are about"},
    )
    concerns = forms.CharField(
        label="What are the concerns?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What is happening for the family, what they need and what they would like",
        error_messages={"required": "Enter what the concerns are"},
    )
    tried_before = forms.CharField(
        label="What has been tried already? (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    urgency = forms.ChoiceField(
        label="How urgent is it?",
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent it is"},
    )
    family_consent = forms.ChoiceField(
        label="Does the family know about this enquiry, and agree?",
        choices=FamilyConsent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family knows about this enquiry"},
    )

    def __init__(
        self,
        *args: Any,
        agencies: Iterable[Agency] = (),
        on_behalf: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        agencies = list(agencies)
        self.agencies = {str(a.pk): a for a in agencies}
        if len(agencies) > 1:
            self.fields["agency"] = forms.ChoiceField(
                label="Which agency are you raising it for?",
                choices=[(str(a.pk), a.name) for a in agencies],
                widget=forms.RadioSelect,
                error_messages={"required": "Select the agency you are acting for"},
            )
        if on_behalf:
            self.fields["on_behalf_of"] = forms.CharField(
                label="Who made the enquiry? (optional)",
                max_length=200,
                required=False,
                help_text="If you are recording an enquiry made by someone else, like a parent, "
                "a neighbour or an anonymous caller",
            )
            self.fields["contact_source"] = forms.ChoiceField(
                label="Source of the enquiry",
                choices=[("", "The agency I am acting for"), *ContactSource.choices],
                required=False,
            )
            self.fields["social_care_reference"] = forms.CharField(
                label="Social care episode reference (optional)",
                max_length=40,
                required=False,
                help_text="For a family stepping down from children's social care: the case "
                "goes straight to the next allocation meeting",
            )
            self.fields["social_care_closed_on"] = DateInputField(
                label="Date social care closed its episode (optional)",
                required=False,
                help_text="For example, 27 3 2026",
            )

    def chosen_agency(self) -> Agency | None:
        if "agency" in self.fields:
            return self.agencies.get(self.cleaned_data.get("agency") or "")
        return next(iter(self.agencies.values()), None)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        step_down = (data.get("social_care_reference") or "").strip()
        if (
            data.get("contact_source")
            and not step_down
            and not (data.get("on_behalf_of") or "").strip()
        ):
            self.add_error("on_behalf_of", "Enter who made the enquiry")
        if data.get("social_care_closed_on") and not step_down:
            self.add_error("social_care_reference", "Enter the social care episode reference")
        not_after_today_or_error(self, "social_care_closed_on", "Date social care closed")
        return data

    def step_down(self) -> StepDownDetails | None:
        reference = (self.cleaned_data.get("social_care_reference") or "").strip()
        if not reference:
            return None
        return StepDownDetails(
            social_care_reference=reference,
            social_care_closed_on=self.cleaned_data.get("social_care_closed_on"),
        )

    def enquiry_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "concern_categories": list(data["concern_categories"]),
            "concerns": data["concerns"].strip(),
            "tried_before": (data.get("tried_before") or "").strip(),
            "urgency": data["urgency"],
            "family_consent": data["family_consent"],
            "agency": self.chosen_agency(),
            "on_behalf_of": (data.get("on_behalf_of") or "").strip(),
            "contact_source": data.get("contact_source") or None,
            "step_down": self.step_down(),
        }

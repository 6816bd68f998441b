"""The directory's forms: searching, an entry, and an import file."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from partners.directory.models import Cost, ReferralRoute, Service
from partners.directory.selectors import ServiceFilters, compact_postcode
from partners.models import Agency, FamilyHub, Zone
from partners.needs import NeedCategory

# A UK postcode, whole ("NB1 4AA") or its outward part only ("NB1").
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?( ?[0-9][A-Z]{2})?$")


class ServiceSearchForm(forms.Form):
    """The public page's and staff page's search. Every field may be left empty."""

    q = forms.CharField(
        label="What are you looking for?",
        required=False,
        max_length=200,
        help_text="For example, parenting course, debt advice or youth club",
    )
    need = forms.MultipleChoiceField(
        label="Help with",
        required=False,
        choices=NeedCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the age as a number, like 7",
            "min_value": "Enter an age of 0 or more",
            "max_value": "Enter an age of 120 or less",
        },
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="To find help near you",
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )

    def clean_postcode(self) -> str:
        value = compact_postcode(self.cleaned_data.get("postcode") or "")
        if value and not POSTCODE.match(value):
            raise forms.ValidationError("Enter a real postcode, like NB1 4AA")
        return value

    def filters(self, **extra: Any) -> ServiceFilters:
        """The filters a valid form asks for (none when it is not valid)."""
        if not self.is_bound or not self.is_valid():
            return ServiceFilters(**extra)
        data = self.cleaned_data
        return ServiceFilters(
            needs=list(data.get("need") or []),
            age=data.get("age"),
            q=data.get("q") or "",
            postcode=data.get("postcode") or "",
            **extra,
        )


class StaffSearchForm(ServiceSearchForm):
    """The staff directory adds the area (zone), the provider and out-of-date entries."""

    zone = forms.TypedChoiceField(label="Area", required=False, coerce=int, empty_value=None)
    stale = forms.BooleanField(label="Only entries due for review", required=False)
    withdrawn = forms.BooleanField(label="Include withdrawn services", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = "Search"
        self.fields["zone"].choices = [("", "Anywhere")] + [  # type: ignore[attr-defined]
            (z.pk, z.name) for z in Zone.objects.order_by("name")
        ]

    def filters(self, **extra: Any) -> ServiceFilters:
        base = super().filters(**extra)
        if not self.is_bound or not self.is_valid():
            return base
        data = self.cleaned_data
        return ServiceFilters(
            needs=base.needs,
            age=base.age,
            q=base.q,
            postcode=base.postcode,
            zone_id=data.get("zone"),
            stale_only=bool(data.get("stale")),
            include_withdrawn=bool(data.get("withdrawn")),
            **extra,
        )


class ServiceForm(forms.Form):
    """An entry, as a curator adds or changes it."""

    name = forms.CharField(label="Name of the service", max_length=200)
    agency = forms.ModelChoiceField(
        label="Agency that runs it",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="None: a community group",
    )
    organisation_name = forms.CharField(
        label="Organisation, as families know it",
        max_length=200,
        required=False,
        help_text="Leave empty to use the agency's name",
    )
    description = forms.CharField(
        label="What the service does", widget=forms.Textarea(attrs={"rows": 5})
    )
    needs = forms.MultipleChoiceField(
        label="Needs it helps with",
        choices=NeedCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one need the service helps with"},
    )
    min_age = forms.IntegerField(
        label="Youngest age",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the youngest age as a number, like 5"},
    )
    max_age = forms.IntegerField(
        label="Oldest age",
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Enter the oldest age as a number, like 18"},
    )
    eligibility = forms.CharField(
        label="Who can use it", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cost = forms.ChoiceField(label="Cost", choices=Cost.choices, widget=forms.RadioSelect)
    cost_detail = forms.CharField(label="Cost details", required=False, max_length=200)
    zones = forms.ModelMultipleChoiceField(
        label="Areas it serves",
        queryset=Zone.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select none if it serves the whole borough",
    )
    family_hub = forms.ModelChoiceField(
        label="Family hub",
        queryset=FamilyHub.objects.order_by("name"),
        required=False,
        empty_label="None",
    )
    venue = forms.CharField(label="Venue", required=False, max_length=200)
    address = forms.CharField(label="Address", required=False, max_length=300)
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    opening_times = forms.CharField(
        label="Opening times", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_name = forms.CharField(label="Contact name", required=False, max_length=200)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address like https://www.example.org"},
    )
    referral_route = forms.ChoiceField(
        label="How families get help", choices=ReferralRoute.choices, widget=forms.RadioSelect
    )
    referral_detail = forms.CharField(
        label="How to refer", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_public = forms.BooleanField(label="Show it on the public page for families", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])  # type: ignore[attr-defined]

    def clean_postcode(self) -> str:
        value = compact_postcode(self.cleaned_data.get("postcode") or "")
        if value and not POSTCODE.match(value):
            raise forms.ValidationError("Enter a real postcode, like NB1 4AA")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", "Enter an oldest age the same as or more than the youngest")
        if not data.get("organisation_name") and not data.get("agency"):
            self.add_error(
                "organisation_name", "Enter the organisation, or select the agency that runs it"
            )
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("zones", None)
        data.pop("version", None)
        if not data.get("organisation_name") and data.get("agency"):
            data["organisation_name"] = data["agency"].name
        return data

    @staticmethod
    def initial_for(service: Service) -> dict[str, Any]:
        from partners.directory.services import EDITABLE_FIELDS

        initial = {name: getattr(service, name) for name in EDITABLE_FIELDS}
        initial["zones"] = list(service.zones.all())
        initial["version"] = service.version
        return initial


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={"required": "Select a CSV file to import"},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        return upload

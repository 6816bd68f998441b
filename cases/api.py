"""The API face of cases: the same selectors and services as the pages.

Agency systems raise enquiries and read what is shared with their agency; councils
read cases for their warehouse. Every list comes from cases.access.visible_cases (or
a selector built on it), every write goes through cases.services, and a case the
caller may not see answers 404 exactly as a missing one does.

Resources of one case (notes, consent here; assessments, Star readings, the plan and
meetings in their own apps' api.py) live under /cases/{case_id}/ and subclass
`CaseResourceViewSet`, which fetches the case through `access_case` before anything
else is read or checked, so even a malformed request about a hidden case gets 404.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.access import access_case, visible_cases, visible_families
from cases.capabilities import ENQUIRY_ROLES
from cases.codes import Ethnicity, Gender, Relationship, Sex
from cases.models import (
    Case,
    CaseNote,
    CaseTeamMember,
    CaseType,
    ConsentDecision,
    ConsentRecord,
    Enquiry,
    Family,
    HouseholdMember,
    NeedLevel,
    NoteType,
    NoteVisibility,
    Person,
    SensitiveCategory,
    ShareBasis,
)
from cases.models.enquiries import ConcernCategory, FamilyConsent, Urgency
from cases.refusals import refused_hidden, refused_outside_case
from cases.selectors.journey import outcome_for_referrer, referrer_enquiries
from cases.workflow import TRANSITIONS
from cases.workflow_states import ScreeningOutcome, State
from earlyhelp.api.docs import (
    ERRORS,
    IDEMPOTENCY_KEY,
    IDEMPOTENT_ERRORS,
    IF_MATCH,
    PRECONDITION_ERRORS,
    case_id_parameter,
)
from earlyhelp.api.ids import IdFilter, id_field, id_list_field
from earlyhelp.api.permissions import HoldsAnyRole
from earlyhelp.api.views import AuditedViewSet
from earlyhelp.errors import ApplicationError
from earlyhelp.idempotency import idempotent_api
from partners.models import Agency, User
from partners.selectors import agency_list, agency_member_by_email

# --------------------------------------------------------------------------- examples
# One worked example per shape, shared by the operations that return it.

PERSON_EXAMPLE = {
    "id": 812,
    "family_name": "Okafor",
    "given_names": "Ada",
    "preferred_name": "",
    "date_of_birth": "2016-09-02",
    "expected_date_of_birth": None,
    "sex": "F",
    "gender": "girl",
    "ethnicity": "BAFR",
    "send": False,
    "identifiers": [{"type": "nhs_number", "value": "9434765919"}],
    "version": 1,
}
CASE_PERSON_EXAMPLE = {**PERSON_EXAMPLE, "relationship": "child"}
FAMILY_EXAMPLE = {
    "id": 301,
    "name": "The Okafor family",
    "address_line_1": "12 Mill Lane",
    "address_line_2": "",
    "town": "Northborough",
    "postcode": "NB3 2QT",
    "zone": "North",
    "family_hub": "Millbrook Family Hub",
    "language": "English",
    "interpreter_needed": False,
}
CASE_EXAMPLE = {
    "id": 41,
    "reference": "EH000041",
    "state": "plan_and_review",
    "family": FAMILY_EXAMPLE,
    "zone_id": 2,
    "zone": "North",
    "family_hub": "Millbrook Family Hub",
    "lead_agency_id": 7,
    "lead_agency": "Hillside Primary School",
    "lead_practitioner": "Sam Patel",
    "opened_on": "2025-09-15",
    "closed_on": None,
    "screening_outcome": "early_help_assessment",
    "closure_reason": "",
    "version": 6,
}
ENQUIRY_OUTCOME_EXAMPLE = {
    "id": 41,
    "received_at": "2025-09-15T09:12:00Z",
    "case_id": 41,
    "case_reference": "EH000041",
    "state": "awaiting_allocation",
    "outcome": "Accepted for early help: waiting for a lead practitioner",
    "screening_outcome": "early_help_assessment",
    "lead_agency": None,
    "closure_reason": "",
    "urgency": "routine",
}
NOTE_EXAMPLE = {
    "id": 5521,
    "note_type": "call",
    "contact_date": "2026-01-05",
    "text": "Spoke to mum about attendance; she will call the school on Monday.",
    "author": "Hillside Primary School system (write)",
    "author_agency": "Hillside Primary School",
    "visibility": "everyone",
    "sensitive_category": "",
    "created_at": "2026-01-05T15:40:00Z",
}
CONSENT_EXAMPLE = {
    "id": 77,
    "person_id": 811,
    "decision": "given",
    "basis": "consent",
    "lawful_reason": "",
    "agencies": ["Health Visiting Service"],
    "purposes": "Health visiting support for the new baby",
    "method": "verbal",
    "decided_on": "2026-01-05",
    "review_on": None,
    "recorded_at": "2026-01-05T15:42:00Z",
}
HOUSEHOLD_EXAMPLE = {"relationship": "child", "person": PERSON_EXAMPLE}
TEAM_MEMBER_EXAMPLE = {
    "id": 51,
    "agency": "Hillside Primary School",
    "user": "Ms J. Patel",
    "role_on_case": "Class teacher",
    "started_on": "2026-01-06",
    "ended_on": None,
    "basis": "safeguarding",
}

ENQUIRY_EXAMPLE = {
    "family": {
        "name": "The Okafor family",
        "address_line_1": "12 Mill Lane",
        "town": "Northborough",
        "postcode": "NB3 2QT",
    },
    "members": [
        {
            "family_name": "Okafor",
            "given_names": "Grace",
            "relationship": "parent",
            "date_of_birth": "1988-03-14",
        },
        {
            "family_name": "Okafor",
            "given_names": "Ada",
            "relationship": "child",
            "date_of_birth": "2016-09-02",
            "nhs_number": "943 476 5919",
            "enquiry_is_about": True,
        },
    ],
    "concerns": "Ada's attendance has fallen to 78% this term and she is often tired.",
    "concern_categories": ["school_attendance"],
    "family_consent": "given",
    "urgency": "routine",
}
ENQUIRY_KNOWN_FAMILY_EXAMPLE = {
    "family_id": 301,
    "children": [812],
    "concerns": "Ada has been late eleven times since half term.",
    "concern_categories": ["school_attendance"],
    "family_consent": "given",
}


def _out(name: str, value: Any, *, status_code: int = 200) -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[str(status_code)])


def _in(name: str, value: Any) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


# --------------------------------------------------------------------------- output


class IdentifierOut(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.CharField()
    value = serializers.CharField()


class PersonOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    identifiers = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "family_name",
            "given_names",
            "preferred_name",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "gender",
            "ethnicity",
            "send",
            "identifiers",
            "version",
        ]

    def get_identifiers(self, person: Person) -> list[dict[str, str]]:
        # Current identifiers only: the selectors prefetch them, so this is no query.
        return [{"type": i.type, "value": i.value} for i in person.identifiers.all()]


class CasePersonOut(PersonOut):
    relationship = serializers.CharField(help_text="How they are related to the household.")

    class Meta(PersonOut.Meta):
        fields = [*PersonOut.Meta.fields, "relationship"]


class HouseholdMemberOut(serializers.Serializer):  # type: ignore[type-arg]
    relationship = serializers.CharField()
    person = PersonOut()


class FamilyOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    zone = serializers.CharField(source="zone.name", default=None, allow_null=True)
    family_hub = serializers.CharField(source="family_hub.name", default=None, allow_null=True)

    class Meta:
        model = Family
        fields = [
            "id",
            "name",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "zone",
            "family_hub",
            "language",
            "interpreter_needed",
        ]


class CaseOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    family = FamilyOut()
    zone_id = serializers.IntegerField(allow_null=True)
    lead_agency_id = serializers.IntegerField(allow_null=True)
    lead_agency = serializers.CharField(source="lead_agency.name", default=None, allow_null=True)
    lead_practitioner = serializers.CharField(
        source="lead_practitioner.full_name", default=None, allow_null=True
    )
    zone = serializers.CharField(source="zone.name", default=None, allow_null=True)
    family_hub = serializers.CharField(source="family_hub.name", default=None, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "state",
            "family",
            "zone_id",
            "zone",
            "family_hub",
            "lead_agency_id",
            "lead_agency",
            "lead_practitioner",
            "opened_on",
            "closed_on",
            "screening_outcome",
            "closure_reason",
            "version",
        ]


class EnquiryOutcomeOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    """What became of an enquiry: all a referrer sees unless the case is shared with them."""

    case_id = serializers.IntegerField(source="case.id")
    case_reference = serializers.CharField(source="case.reference")
    state = serializers.CharField(source="case.state")
    outcome = serializers.SerializerMethodField()
    screening_outcome = serializers.CharField(source="case.screening_outcome")
    closure_reason = serializers.CharField(source="case.closure_reason")
    lead_agency = serializers.CharField(
        source="case.lead_agency.name", default=None, allow_null=True
    )

    class Meta:
        model = Enquiry
        fields = [
            "id",
            "received_at",
            "case_id",
            "case_reference",
            "state",
            "outcome",
            "screening_outcome",
            "lead_agency",
            "closure_reason",
            "urgency",
        ]

    def get_outcome(self, enquiry: Enquiry) -> str:
        return outcome_for_referrer(enquiry.case)


class NoteOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    author = serializers.CharField(source="author.full_name")
    author_agency = serializers.CharField(
        source="author_agency.name", default=None, allow_null=True
    )

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "note_type",
            "contact_date",
            "text",
            "author",
            "author_agency",
            "visibility",
            "sensitive_category",
            "created_at",
        ]


class ConsentOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    person_id = serializers.IntegerField(allow_null=True)
    agencies: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = ConsentRecord
        fields = [
            "id",
            "person_id",
            "decision",
            "basis",
            "lawful_reason",
            "agencies",
            "purposes",
            "method",
            "decided_on",
            "review_on",
            "recorded_at",
        ]


class TeamMemberOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    agency = serializers.CharField(source="agency.name")
    user = serializers.CharField(source="user.full_name", allow_null=True, default=None)
    basis = serializers.SerializerMethodField(
        help_text="What opened the case to the agency: 'consent', a lawful basis, or "
        "'lead_agency' for the lead agency's own staff."
    )

    class Meta:
        model = CaseTeamMember
        fields = ["id", "agency", "user", "role_on_case", "started_on", "ended_on", "basis"]

    def get_basis(self, member: CaseTeamMember) -> str:
        return member.share.basis if member.share else "lead_agency"


# --------------------------------------------------------------------------- input


class PersonIn(serializers.Serializer):  # type: ignore[type-arg]
    family_name = serializers.CharField(max_length=100)
    given_names = serializers.CharField(max_length=150)
    preferred_name = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True
    )
    relationship = serializers.ChoiceField(choices=Relationship.choices)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    expected_date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default=Sex.UNKNOWN)
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, default=Gender.NOT_STATED
    )
    ethnicity = serializers.ChoiceField(
        choices=Ethnicity.choices, required=False, default=Ethnicity.NOBT
    )
    send = serializers.BooleanField(required=False, default=False)
    nhs_number = serializers.CharField(required=False, default="", allow_blank=True)
    upn = serializers.CharField(required=False, default="", allow_blank=True)
    ni_number = serializers.CharField(required=False, default="", allow_blank=True)
    enquiry_is_about = serializers.BooleanField(
        required=False, default=False, help_text="True for each child the enquiry is about."
    )


class PersonChangeIn(serializers.Serializer):  # type: ignore[type-arg]
    """Corrections to a person's record: only the fields sent change.

    An identifier sent replaces the current one (which is kept, ended today); an empty
    one ends it. A number already recorded for someone else is not attached: a
    coordinator checks it, and the answer says only `identifiers_to_check`, whoever
    holds it.
    """

    family_name = serializers.CharField(max_length=100, required=False)
    given_names = serializers.CharField(max_length=150, required=False)
    preferred_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    relationship = serializers.ChoiceField(choices=Relationship.choices, required=False)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    date_of_birth_estimated = serializers.BooleanField(required=False)
    expected_date_of_birth = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False)
    send = serializers.BooleanField(required=False)
    disability = serializers.CharField(required=False, allow_blank=True)
    school_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    nhs_number = serializers.CharField(required=False, allow_blank=True)
    upn = serializers.CharField(required=False, allow_blank=True)
    ni_number = serializers.CharField(required=False, allow_blank=True)
    local_id = serializers.CharField(max_length=40, required=False, allow_blank=True)


class PersonCorrectedOut(CasePersonOut):
    changed = serializers.ListField(child=serializers.CharField(), read_only=True)
    identifiers_to_check = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Identifiers not attached because the front door must check them first.",
    )

    class Meta(CasePersonOut.Meta):
        fields = [*CasePersonOut.Meta.fields, "changed", "identifiers_to_check"]


class FamilyIn(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(max_length=200)
    address_line_1 = serializers.CharField(required=False, default="", allow_blank=True)
    address_line_2 = serializers.CharField(required=False, default="", allow_blank=True)
    town = serializers.CharField(required=False, default="", allow_blank=True)
    postcode = serializers.CharField(required=False, default="", allow_blank=True, max_length=10)
    language = serializers.CharField(required=False, default="English", max_length=60)
    interpreter_needed = serializers.BooleanField(required=False, default=False)
    family_hub_id = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="The family hub that serves the family (from /family-hubs/): needed when "
        "the postcode is not in an area the service knows.",
    )


class EnquiryIn(serializers.Serializer):  # type: ignore[type-arg]
    """Either a family not known before (`family` with its `members`), or a family the
    caller already works with (`family_id` with the `children` it is about)."""

    family = FamilyIn(required=False, help_text="A new family: send its `members` too.")
    members = PersonIn(many=True, required=False, max_length=30)  # type: ignore[call-arg]
    family_id = id_field(required=False, help_text="A family from /families/: send `children` too.")
    children = id_list_field(
        help_text="Ids of the family's children the enquiry is about (from /people/)."
    )
    concerns = serializers.CharField()
    concern_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=ConcernCategory.choices), required=False, default=list
    )
    tried_before = serializers.CharField(required=False, default="", allow_blank=True)
    family_consent = serializers.ChoiceField(choices=FamilyConsent.choices)
    urgency = serializers.ChoiceField(
        choices=Urgency.choices, required=False, default=Urgency.ROUTINE
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("family" in data) == ("family_id" in data):
            raise serializers.ValidationError(
                {
                    "family": [
                        "Enter a new family with its members, or give the family_id of a "
                        "family you work with"
                    ]
                }
            )
        return data


class TransitionIn(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.ChoiceField(choices=sorted(TRANSITIONS))
    reason = serializers.CharField(required=False, default="", allow_blank=True)
    outcome = serializers.ChoiceField(choices=ScreeningOutcome.choices, required=False)
    closure_reason = serializers.CharField(required=False, default="", allow_blank=True)
    lead_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), required=False
    )
    lead_practitioner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False
    )
    need_level = serializers.PrimaryKeyRelatedField(
        queryset=NeedLevel.objects.filter(is_active=True),
        required=False,
        help_text="Allocation: the family's level of need",
    )
    case_type = serializers.PrimaryKeyRelatedField(
        queryset=CaseType.objects.filter(is_active=True),
        required=False,
        help_text="Allocation: the case type (the default type when not given)",
    )
    family_preference = serializers.CharField(required=False, default="", allow_blank=True)
    exit_plan = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Closure: what the family will do"
    )
    exit_support = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text="Closure: where the family can get help",
    )
    closing_level = serializers.PrimaryKeyRelatedField(
        queryset=NeedLevel.objects.filter(is_active=True),
        required=False,
        help_text="Closure: the family's level of need at closure",
    )


class NoteIn(serializers.Serializer):  # type: ignore[type-arg]
    note_type = serializers.ChoiceField(choices=NoteType.choices)
    contact_date = serializers.DateField()
    text = serializers.CharField()
    visibility = serializers.ChoiceField(
        choices=NoteVisibility.choices,
        required=False,
        help_text="Who may read it; sensitive categories are restricted unless chosen.",
    )
    sensitive_category = serializers.ChoiceField(
        choices=SensitiveCategory.choices, required=False, default=""
    )
    readers = id_list_field(
        help_text="Restricted notes: ids of the people working on the case who may read it."
    )


class ConsentIn(serializers.Serializer):  # type: ignore[type-arg]
    decision = serializers.ChoiceField(choices=ConsentDecision.choices)
    basis = serializers.ChoiceField(
        choices=ShareBasis.choices, required=False, default=ShareBasis.CONSENT
    )
    person_id = id_field(
        required=False, allow_null=True, default=None, help_text="Who decided (from /people/)."
    )
    agencies = id_list_field(
        help_text="Consent given: ids of the agencies the family agrees may see the case."
    )
    lawful_reason = serializers.CharField(required=False, default="", allow_blank=True)
    purposes = serializers.CharField(required=False, default="", allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


class TeamMemberIn(serializers.Serializer):  # type: ignore[type-arg]
    agency_id = id_field(help_text="The agency joining the Team Around the Family.")
    user_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text="A named person of the agency, by the email address of their account.",
    )
    role_on_case = serializers.CharField(required=False, default="", allow_blank=True)
    basis = serializers.ChoiceField(
        choices=ShareBasis.choices,
        required=False,
        default=ShareBasis.CONSENT,
        help_text="'consent' when the family's consent covers the agency; otherwise the "
        "lawful basis for sharing without it, with `lawful_reason`.",
    )
    lawful_reason = serializers.CharField(required=False, default="", allow_blank=True)
    agreement_id = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="The information sharing agreement relied on, if any.",
    )


# --------------------------------------------------------------------------- filters


class FamilyFilter(django_filters.FilterSet):
    """Find a family by name (of the household or anyone in it) or postcode.

    Both terms go to `selectors.family_search` together, so the API matches exactly as
    the "find a family" page does.
    """

    name = django_filters.CharFilter(
        method="_by_search", help_text="Words of the family's or a member's name."
    )
    postcode = django_filters.CharFilter(
        method="_by_search", help_text="The postcode, or its start (spaces ignored)."
    )

    class Meta:
        model = Family
        fields: list[str] = []

    def _by_search(self, queryset: QuerySet[Family], name: str, value: str) -> QuerySet[Family]:
        return queryset  # applied once for both terms in filter_queryset

    def filter_queryset(self, queryset: QuerySet[Family]) -> QuerySet[Family]:
        name = self.form.cleaned_data.get("name") or ""
        postcode = self.form.cleaned_data.get("postcode") or ""
        if not (name or postcode):
            return queryset
        return selectors.family_search(user=self.request.user, name=name, postcode=postcode)


class CaseFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(
        choices=State.choices, help_text="One or more states (repeat the parameter)."
    )
    opened_on = django_filters.DateFromToRangeFilter(
        help_text="Opened on or after `opened_on_after`, on or before `opened_on_before`."
    )
    zone = IdFilter(field_name="zone_id", help_text="A zone's id.")
    family_hub = IdFilter(field_name="family_hub_id", help_text="A family hub's id.")
    lead_agency = IdFilter(field_name="lead_agency_id", help_text="The lead agency's id.")

    class Meta:
        model = Case
        fields: list[str] = []


class PersonFilter(django_filters.FilterSet):
    family = IdFilter(method="_in_family", help_text="A family's id.")

    class Meta:
        model = Person
        fields: list[str] = []

    def _in_family(self, queryset: QuerySet[Person], name: str, value: int) -> QuerySet[Person]:
        return queryset.filter(
            Exists(
                HouseholdMember.objects.filter(
                    person=OuterRef("pk"), family_id=value, left_on__isnull=True
                )
            )
        )


class NoteFilter(django_filters.FilterSet):
    note_type = django_filters.ChoiceFilter(choices=NoteType.choices)
    contact_date = django_filters.DateFromToRangeFilter()

    class Meta:
        model = CaseNote
        fields: list[str] = []


# --------------------------------------------------------------------------- base


class CaseResourceViewSet(AuditedViewSet):
    """A resource of one case, at /cases/{case_id}/...: the case is fetched through
    `access_case` before the handler runs (after authentication, the token's scope and
    the rate limit), so a case the caller may not see answers 404 whatever is asked."""

    case: Case

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.case = access_case(user=request.user, case_id=kwargs.get("case_id"))

    def case_ids_of(self, objects: list[Any]) -> list[int]:
        """None: `access_case` has already recorded the read of this one case."""
        return []

    @property
    def schema_only(self) -> bool:
        """drf-spectacular builds views without a request to read their querysets."""
        return bool(getattr(self, "swagger_fake_view", False))


def _visible_case_ids(user: Any, family_ids: Iterable[int]) -> list[int]:
    """The cases of these families the user may see (one query): what a list of families,
    households or people showed of each case."""
    return list(
        visible_cases(user).filter(family_id__in=set(family_ids)).values_list("pk", flat=True)
    )


def _remap(exc: ApplicationError, names: dict[str, str]) -> ApplicationError:
    """The service's field names as the API's request body names them."""
    errors: dict[str, Any] = {}
    for key, value in exc.extra.items():
        if key.startswith("person-") and isinstance(value, dict):
            index = key.removeprefix("person-")
            for field, messages in value.items():
                errors[f"members[{index}].{field}"] = messages
        else:
            errors[names.get(key, key)] = value
    return ApplicationError(exc.message, errors)


# --------------------------------------------------------------------------- views


@extend_schema_view(
    list=extend_schema(
        summary="Families the caller may see",
        description="Families with at least one case the caller may see.",
        responses={200: FamilyOut, **ERRORS},
        examples=[_out("A family", FAMILY_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One family",
        responses={200: FamilyOut, **ERRORS},
        examples=[_out("A family", FAMILY_EXAMPLE)],
    ),
)
class FamilyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    serializer_class = FamilyOut
    lookup_value_regex = r"\d+"
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = FamilyFilter
    ordering_fields = ["id", "name"]
    ordering = ["-id"]

    def get_queryset(self) -> QuerySet[Family]:
        return visible_families(self.request.user).select_related("zone", "family_hub")

    def case_ids_of(self, objects: list[Any]) -> list[int]:
        return _visible_case_ids(self.request.user, (family.pk for family in objects))


@extend_schema_view(
    list=extend_schema(
        summary="People living in a household",
        description="The current members of a family the caller may see, with how each is "
        "related to the household.",
        parameters=[
            OpenApiParameter(
                "family_id",
                int,
                OpenApiParameter.PATH,
                description="The family's id. A family the caller may not see answers 404.",
            )
        ],
        responses={200: HouseholdMemberOut, **ERRORS},
        examples=[_out("A child of the household", HOUSEHOLD_EXAMPLE)],
    ),
)
class HouseholdViewSet(mixins.ListModelMixin, AuditedViewSet):
    """The current members of one household, with how each is related to it (a family
    the caller may not see answers 404, as a missing one does)."""

    serializer_class = HouseholdMemberOut

    def get_queryset(self) -> QuerySet[HouseholdMember]:
        if getattr(self, "swagger_fake_view", False):
            return HouseholdMember.objects.none()
        family = selectors.visible_family(
            user=self.request.user, family_id=self.kwargs["family_id"]
        )
        if family is None:
            raise refused_hidden(model=Family, pk=self.kwargs["family_id"], what="family")
        return selectors.household(family=family)

    def case_ids_of(self, objects: list[Any]) -> list[int]:
        return _visible_case_ids(self.request.user, (member.family_id for member in objects))


@extend_schema_view(
    list=extend_schema(
        summary="People the caller may see",
        description="Current members of the households of the cases the caller may see.",
        responses={200: PersonOut, **ERRORS},
        examples=[_out("A child", PERSON_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="One person",
        responses={200: PersonOut, **ERRORS},
        examples=[_out("A child", PERSON_EXAMPLE)],
    ),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    serializer_class = PersonOut
    lookup_value_regex = r"\d+"
    filterset_class = PersonFilter

    def get_queryset(self) -> QuerySet[Person]:
        return selectors.visible_people(user=self.request.user)

    def case_ids_of(self, objects: list[Any]) -> list[int]:
        people = [person.pk for person in objects]
        return list(
            visible_cases(self.request.user)
            .filter(
                family_id__in=HouseholdMember.objects.filter(person_id__in=people).values(
                    "family_id"
                )
            )
            .values_list("pk", flat=True)
        )


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    retrieve=extend_schema(
        summary="A member of the case's household, with how they are related to it",
        description="The `ETag` header holds the person's version, for If-Match.",
        responses={200: CasePersonOut, **ERRORS},
        examples=[_out("A child", CASE_PERSON_EXAMPLE)],
    ),
    partial_update=extend_schema(
        summary="Correct a person's details",
        description="As the person's Change page on the Family tab: for whoever leads the "
        "work on the case (and those overseeing it), also after closure. Only the fields "
        "sent change. A stale ETag gets 412 and nothing changes.",
        parameters=[IF_MATCH],
        request=PersonChangeIn,
        responses={200: PersonCorrectedOut, **ERRORS, **PRECONDITION_ERRORS},
        examples=[
            _in("Correct a date of birth", {"date_of_birth": "2016-09-12"}),
            _out(
                "Corrected",
                {
                    **CASE_PERSON_EXAMPLE,
                    "date_of_birth": "2016-09-12",
                    "version": 2,
                    "changed": ["date_of_birth"],
                    "identifiers_to_check": [],
                },
            ),
        ],
    ),
)
class CasePersonViewSet(CaseResourceViewSet):
    """The people of a case's household, for correcting their record through the same
    service as the Change page (`person_update`)."""

    serializer_class = CasePersonOut
    lookup_value_regex = r"\d+"

    def _member(self, pk: str) -> HouseholdMember:
        member = selectors.household(family=self.case.family).filter(person_id=int(pk)).first()
        if member is None:
            raise refused_outside_case(case=self.case, model=Person, pk=pk, what="person")
        return member

    @staticmethod
    def _out(member: HouseholdMember) -> dict[str, Any]:
        person = member.person
        person.relationship = member.relationship  # type: ignore[attr-defined]
        return dict(CasePersonOut(person).data)

    def retrieve(self, request: Request, case_id: str, pk: str) -> Response:
        member = self._member(pk)
        response = Response(self._out(member))
        response["ETag"] = self.etag_of(member.person.version)
        return response

    def partial_update(self, request: Request, case_id: str, pk: str) -> Response:
        member = self._member(pk)
        data = PersonChangeIn(data=request.data)
        data.is_valid(raise_exception=True)
        person = member.person
        current = services.current_identifiers(person)
        details = services.PersonDetails(
            family_name=person.family_name,
            given_names=person.given_names,
            relationship=member.relationship,
            preferred_name=person.preferred_name,
            date_of_birth=person.date_of_birth,
            date_of_birth_estimated=person.date_of_birth_accuracy == Person.DobAccuracy.ESTIMATED,
            expected_date_of_birth=person.expected_date_of_birth,
            sex=person.sex,
            gender=person.gender,
            ethnicity=person.ethnicity,
            send=person.send,
            disability=person.disability,
            school_id=person.school_id,
            school_name=person.school_name,
            nhs_number=current.get("nhs_number", ""),
            upn=current.get("upn", ""),
            ni_number=current.get("ni_number", ""),
            local_id=current.get("local_id", ""),
        )
        result = services.person_update(
            actor=self.actor,
            case=self.case,
            person=person,
            details=dataclasses.replace(details, **data.validated_data),
            version=self.expected_version(request),
        )
        member = self._member(pk)
        body = {
            **self._out(member),
            "changed": result.changed,
            "identifiers_to_check": result.identifiers_to_check,
        }
        response = Response(body)
        response["ETag"] = self.etag_of(member.person.version)
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Cases the caller may see",
        responses={200: CaseOut, **ERRORS},
        examples=[_out("A case in plan and review", CASE_EXAMPLE)],
    ),
)
class CaseViewSet(mixins.ListModelMixin, AuditedViewSet):
    serializer_class = CaseOut
    lookup_value_regex = r"\d+"
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = CaseFilter
    ordering_fields = ["id", "opened_on", "closed_on", "reference"]
    ordering = ["-id"]

    def case_ids_of(self, objects: list[Any]) -> list[int]:
        return [case.pk for case in objects]

    def get_queryset(self) -> QuerySet[Case]:
        return visible_cases(self.request.user).select_related(
            "family__zone",
            "family__family_hub",
            "zone",
            "family_hub",
            "lead_agency",
            "lead_practitioner",
        )

    @extend_schema(
        summary="One case",
        description="The `ETag` header holds the case's version, for `If-Match` on changes.",
        responses={200: CaseOut, **ERRORS},
        examples=[_out("A case in plan and review", CASE_EXAMPLE)],
    )
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        case = access_case(user=request.user, case_id=pk)
        response = Response(CaseOut(case).data)
        response["ETag"] = self.etag_of(case.version)
        return response

    @extend_schema(
        summary="Move the case along the workflow",
        description="Send `If-Match` with the ETag of the case as last read: if it has "
        "changed since, the answer is 412 and nothing changes.",
        parameters=[IF_MATCH],
        request=TransitionIn,
        responses={200: CaseOut, **ERRORS, **PRECONDITION_ERRORS},
        examples=[
            _in(
                "Screening: accept for assessment",
                {"name": "accept_for_allocation", "reason": "Several needs; consent given"},
            ),
            _out("The case as it now is", {**CASE_EXAMPLE, "version": 7}),
        ],
    )
    @action(detail=True, methods=["post"])
    def transitions(self, request: Request, pk: str | None = None) -> Response:
        case = access_case(user=request.user, case_id=pk)
        data = TransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        name = values.pop("name")
        case = services.case_transition(
            actor=self.actor,
            case=case,
            name=name,
            expected_version=self.expected_version(request),
            data=values,
        )
        response = Response(CaseOut(case).data)
        response["ETag"] = self.etag_of(case.version)
        return response


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="Notes of the case the caller may read",
        description="Notes for the lead agency only, or restricted to named people, are "
        "left out for everyone else.",
        responses={200: NoteOut, **ERRORS},
        examples=[_out("A phone call", NOTE_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Add a note",
        description="Send an `Idempotency-Key` so that a retried request adds one note.",
        parameters=[IDEMPOTENCY_KEY],
        request=NoteIn,
        responses={201: NoteOut, **ERRORS, **IDEMPOTENT_ERRORS},
        examples=[
            _in(
                "A phone call",
                {
                    "note_type": "call",
                    "contact_date": "2026-01-05",
                    "text": "Spoke to mum about attendance; she will call the school on Monday.",
                },
            ),
            _out("The note", NOTE_EXAMPLE, status_code=201),
        ],
    ),
)
class CaseNoteViewSet(mixins.ListModelMixin, CaseResourceViewSet):
    serializer_class = NoteOut
    filterset_class = NoteFilter

    def get_queryset(self) -> QuerySet[CaseNote]:
        if self.schema_only:
            return CaseNote.objects.none()
        return selectors.case_notes(user=self.request.user, case=self.case)

    @idempotent_api
    def create(self, request: Request, case_id: str | None = None) -> Response:
        data = NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        wanted = set(values.pop("readers"))
        readers = list(selectors.case_workers(case=self.case).filter(pk__in=wanted))
        if len(readers) != len(wanted):
            raise ApplicationError(
                "Check who may read the note",
                {"readers": ["Select people who work on this case"]},
            )
        note = services.note_add(actor=self.actor, case=self.case, readers=readers, **values)
        return Response(NoteOut(note).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="Consent decisions recorded for the case",
        responses={200: ConsentOut, **ERRORS},
        examples=[_out("Consent given to health visiting", CONSENT_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Record consent given, refused or withdrawn",
        description="Consent given to named agencies shares the case with them; consent "
        "withdrawn ends every share that relied on it.",
        request=ConsentIn,
        responses={201: ConsentOut, **ERRORS},
        examples=[
            _in(
                "Consent given to health visiting",
                {
                    "decision": "given",
                    "person_id": 811,
                    "agencies": [12],
                    "purposes": "Health visiting support for the new baby",
                },
            ),
            _out("The decision recorded", CONSENT_EXAMPLE, status_code=201),
        ],
    ),
)
class CaseConsentViewSet(mixins.ListModelMixin, CaseResourceViewSet):
    serializer_class = ConsentOut

    def get_queryset(self) -> QuerySet[ConsentRecord]:
        if self.schema_only:
            return ConsentRecord.objects.none()
        return selectors.case_consents(case=self.case)

    def create(self, request: Request, case_id: str | None = None) -> Response:
        data = ConsentIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person_id = values.pop("person_id")
        person = None
        if person_id is not None:
            person = (
                selectors.household_people(family=self.case.family).filter(pk=person_id).first()
            )
            if person is None:
                raise ApplicationError(
                    "Check the consent details",
                    {"person_id": ["Select someone who lives in the household"]},
                )
        wanted = set(values.pop("agencies"))
        agencies = list(agency_list().filter(pk__in=wanted))
        if len(agencies) != len(wanted):
            raise ApplicationError(
                "Check the consent details", {"agencies": ["Select agencies of the partnership"]}
            )
        record = services.consent_record(
            actor=self.actor, case=self.case, person=person, agencies=agencies, **values
        )
        return Response(ConsentOut(record).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[case_id_parameter()])
@extend_schema_view(
    list=extend_schema(
        summary="The Team Around the Family, past and present",
        responses={200: TeamMemberOut, **ERRORS},
        examples=[_out("A class teacher on the team", TEAM_MEMBER_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Add an agency, or a named person of it, to the Team Around the Family",
        description="Joining the team opens the case to the agency. Someone from an agency "
        "other than the lead agency joins only when the family's consent covers that agency "
        "(basis 'consent') or with a lawful basis and its reason; otherwise the answer is a "
        "400 naming `basis`. The addition goes on the case's information sharing record.",
        request=TeamMemberIn,
        responses={201: TeamMemberOut, **ERRORS},
        examples=[
            _in(
                "A class teacher, on a safeguarding basis",
                {
                    "agency_id": 12,
                    "user_email": "j.patel@hillside.sch.uk",
                    "role_on_case": "Class teacher",
                    "basis": "safeguarding",
                    "lawful_reason": "The school sees the children daily",
                },
            ),
            _out("The member added", TEAM_MEMBER_EXAMPLE, status_code=201),
        ],
    ),
)
class CaseTeamViewSet(mixins.ListModelMixin, CaseResourceViewSet):
    serializer_class = TeamMemberOut

    def get_queryset(self) -> QuerySet[CaseTeamMember]:
        if self.schema_only:
            return CaseTeamMember.objects.none()
        return selectors.case_team(case=self.case).select_related("share")

    def create(self, request: Request, case_id: str | None = None) -> Response:
        data = TeamMemberIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        agency = agency_list().filter(pk=values["agency_id"]).first()
        if agency is None:
            raise ApplicationError(
                "Check the team member", {"agency_id": ["Select an agency of the partnership"]}
            )
        named = None
        if values.get("user_email"):
            named = agency_member_by_email(email=values["user_email"], agency=agency)
            if named is None:
                raise ApplicationError(
                    "Check the team member",
                    {"user_email": [f"Enter the email address of someone who works for {agency}"]},
                )
        agreement = None
        if values["agreement_id"] is not None:
            agreement = selectors.sharing_agreements().filter(pk=values["agreement_id"]).first()
            if agreement is None:
                raise ApplicationError(
                    "Check the team member",
                    {"agreement_id": ["Select an information sharing agreement in force"]},
                )
        try:
            member = services.team_member_add(
                actor=self.actor,
                case=self.case,
                agency=agency,
                user=named,
                role_on_case=values["role_on_case"].strip(),
                basis=values["basis"],
                lawful_reason=values["lawful_reason"],
                agreement=agreement,
            )
        except ApplicationError as exc:
            raise _remap(exc, {"user": "user_email", "agreement": "agreement_id"}) from exc
        return Response(TeamMemberOut(member).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Enquiries raised by the caller or their agencies, and what became of them",
        responses={200: EnquiryOutcomeOut, **ERRORS},
        examples=[_out("Accepted, waiting for allocation", ENQUIRY_OUTCOME_EXAMPLE)],
    ),
    retrieve=extend_schema(
        summary="What became of one enquiry",
        responses={200: EnquiryOutcomeOut, **ERRORS},
        examples=[_out("Accepted, waiting for allocation", ENQUIRY_OUTCOME_EXAMPLE)],
    ),
)
class EnquiryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    serializer_class = EnquiryOutcomeOut
    lookup_value_regex = r"\d+"
    # Reading what became of enquiries is for the roles of Your enquiries, as there;
    # raising one is decided by `enquiry_raise`, which says why it refuses.
    required_roles = ENQUIRY_ROLES

    def get_permissions(self) -> list[Any]:
        permissions: list[Any] = list(super().get_permissions())
        if self.action in ("list", "retrieve"):
            permissions.append(HoldsAnyRole())
        return permissions

    def get_queryset(self) -> QuerySet[Enquiry]:
        return referrer_enquiries(user=self.request.user)

    @extend_schema(
        summary="Raise an enquiry (request for support)",
        description="For a family not known before (`family` and `members`: families "
        "already known to others are matched at the front door, never shown to you) or "
        "for a family you work with (`family_id` and `children`). The same checks as the "
        "enquiry pages: your role must allow raising enquiries.",
        request=EnquiryIn,
        responses={201: EnquiryOutcomeOut, **ERRORS},
        examples=[
            _in("A school raises an enquiry about a new family", ENQUIRY_EXAMPLE),
            _in("An enquiry about a family the school works with", ENQUIRY_KNOWN_FAMILY_EXAMPLE),
            _out(
                "Received",
                {
                    **ENQUIRY_OUTCOME_EXAMPLE,
                    "state": "enquiry_received",
                    "outcome": "Waiting for screening",
                    "screening_outcome": "",
                },
                status_code=201,
            ),
        ],
    )
    def create(self, request: Request) -> Response:
        data = EnquiryIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        common = {
            "concerns": values["concerns"],
            "family_consent": values["family_consent"],
            "concern_categories": values["concern_categories"],
            "tried_before": values["tried_before"],
            "urgency": values["urgency"],
        }
        try:
            if "family" in values:
                case = services.enquiry_raise(
                    actor=self.actor,
                    new_family=services.NewFamilyDetails(**values["family"]),
                    people=[services.PersonDetails(**m) for m in values.get("members", [])],
                    **common,
                )
            else:
                case = services.enquiry_raise(
                    actor=self.actor, **self._known_family(values), **common
                )
        except ApplicationError as exc:
            names = {
                "people": "members",
                "name": "family.name",
                "family_hub": "family.family_hub_id",
            }
            names["children"] = "members" if "family" in values else "children"
            raise _remap(exc, names) from exc
        enquiry = referrer_enquiries(user=self.actor).get(case=case)
        return Response(EnquiryOutcomeOut(enquiry).data, status=status.HTTP_201_CREATED)

    def _known_family(self, values: dict[str, Any]) -> dict[str, Any]:
        """The family and children asked for: a family the caller may not see is refused
        exactly as a missing one is, so the answer never reveals that it exists."""
        family = selectors.visible_family(user=self.actor, family_id=values["family_id"])
        if family is None:
            raise ApplicationError(
                "Check the enquiry", {"family_id": ["Select a family you work with"]}
            )
        wanted = set(values["children"])
        children = list(selectors.household_people(family=family).filter(pk__in=wanted))
        if len(children) != len(wanted):
            raise ApplicationError(
                "Select the children the enquiry is about",
                {"children": ["Select children who live in this household"]},
            )
        return {"family": family, "children": children}

"""The API face of cases: the same selectors and services as the pages.

Agency systems raise enquiries and read what is shared with their agency; councils
read cases for their warehouse. Every list comes from cases.access.visible_cases (or
a selector built on it), every write goes through cases.services, and a case the
caller may not see answers 404 exactly as a missing one does.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.access import access_case, visible_cases, visible_families
from cases.codes import Ethnicity, Gender, Relationship, Sex
from cases.models import (
    Case,
    CaseNote,
    CaseType,
    ConsentDecision,
    ConsentRecord,
    Enquiry,
    Family,
    NeedLevel,
    NoteType,
    NoteVisibility,
    Person,
    SensitiveCategory,
    ShareBasis,
)
from cases.models.enquiries import ConcernCategory, FamilyConsent, Urgency
from cases.workflow import TRANSITIONS
from cases.workflow_states import ScreeningOutcome
from earlyhelp.api.views import AuditedViewSet
from earlyhelp.errors import ApplicationError
from partners.models import Agency, User

ERRORS = {
    400: OpenApiResponse(description="The request has errors: `detail` and, per field, `errors`."),
    401: OpenApiResponse(description="No valid token or session."),
    403: OpenApiResponse(
        description="The caller may see the object but not do this (or the token is read-only)."
    ),
    404: OpenApiResponse(description="No such object, or one the caller may not see."),
    429: OpenApiResponse(description="Too many calls: the token's rate limit was reached."),
}


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
        ]

    def get_identifiers(self, person: Person) -> list[dict[str, str]]:
        return [{"type": i.type, "value": i.value} for i in person.identifiers.all()]


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
            "zone",
            "family_hub",
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
            "screening_outcome",
            "lead_agency",
            "closure_reason",
            "urgency",
        ]


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
    person_id = serializers.IntegerField(source="person.id", default=None, allow_null=True)
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


# --------------------------------------------------------------------------- input


class PersonIn(serializers.Serializer):  # type: ignore[type-arg]
    family_name = serializers.CharField(max_length=100)
    given_names = serializers.CharField(max_length=150)
    preferred_name = serializers.CharField(max_length=100, required=False, default="")
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


class FamilyIn(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(max_length=200)
    address_line_1 = serializers.CharField(required=False, default="", allow_blank=True)
    address_line_2 = serializers.CharField(required=False, default="", allow_blank=True)
    town = serializers.CharField(required=False, default="", allow_blank=True)
    postcode = serializers.CharField(required=False, default="", allow_blank=True)
    language = serializers.CharField(required=False, default="English")
    interpreter_needed = serializers.BooleanField(required=False, default=False)


class EnquiryIn(serializers.Serializer):  # type: ignore[type-arg]
    family = FamilyIn()
    members = PersonIn(many=True)
    concerns = serializers.CharField()
    concern_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=ConcernCategory.choices), required=False, default=list
    )
    tried_before = serializers.CharField(required=False, default="", allow_blank=True)
    family_consent = serializers.ChoiceField(choices=FamilyConsent.choices)
    urgency = serializers.ChoiceField(
        choices=Urgency.choices, required=False, default=Urgency.ROUTINE
    )

    def validate_members(self, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not members:
            raise serializers.ValidationError("Add at least one household member")
        if not any(m.get("enquiry_is_about") for m in members):
            raise serializers.ValidationError(
                "Mark the children the enquiry is about (enquiry_is_about: true)"
            )
        return members


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
    visibility = serializers.ChoiceField(choices=NoteVisibility.choices, required=False)
    sensitive_category = serializers.ChoiceField(
        choices=SensitiveCategory.choices, required=False, default=""
    )


class ConsentIn(serializers.Serializer):  # type: ignore[type-arg]
    decision = serializers.ChoiceField(choices=ConsentDecision.choices)
    basis = serializers.ChoiceField(
        choices=ShareBasis.choices, required=False, default=ShareBasis.CONSENT
    )
    person_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    lawful_reason = serializers.CharField(required=False, default="", allow_blank=True)
    purposes = serializers.CharField(required=False, default="", allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


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


# --------------------------------------------------------------------------- views


@extend_schema_view(
    list=extend_schema(summary="Families the caller may see", responses={200: FamilyOut, **ERRORS}),
    retrieve=extend_schema(summary="One family", responses={200: FamilyOut, **ERRORS}),
)
class FamilyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    serializer_class = FamilyOut
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Family]:
        name = self.request.query_params.get("name", "")
        postcode = self.request.query_params.get("postcode", "")
        if name or postcode:
            return selectors.family_search(user=self.request.user, name=name, postcode=postcode)
        return visible_families(self.request.user).select_related("zone", "family_hub")

    @extend_schema(
        summary="People in the household", responses={200: HouseholdMemberOut(many=True), **ERRORS}
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def household(self, request: Request, pk: str | None = None) -> Response:
        family = self.get_object()
        members = selectors.household(family=family)
        return Response(HouseholdMemberOut(members, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Cases the caller may see",
        parameters=[OpenApiParameter("state", str, description="Filter by state")],
        responses={200: CaseOut, **ERRORS},
    ),
)
class CaseViewSet(mixins.ListModelMixin, AuditedViewSet):
    serializer_class = CaseOut
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Case]:
        cases = visible_cases(self.request.user).select_related(
            "family__zone",
            "family__family_hub",
            "zone",
            "family_hub",
            "lead_agency",
            "lead_practitioner",
        )
        state = self.request.query_params.get("state")
        return cases.filter(state=state) if state else cases

    @extend_schema(summary="One case", responses={200: CaseOut, **ERRORS})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        case = access_case(user=request.user, case_id=pk)
        response = Response(CaseOut(case).data)
        response["ETag"] = self.etag_of(case.version)
        return response

    @extend_schema(
        summary="Move the case along the workflow",
        description="Send `If-Match` with the ETag of the case as last read: if it has "
        "changed since, the answer is 412 and nothing changes.",
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)],
        request=TransitionIn,
        responses={
            200: CaseOut,
            412: OpenApiResponse(description="The case changed since it was read."),
            428: OpenApiResponse(description="If-Match is missing."),
            **ERRORS,
        },
        examples=[
            OpenApiExample(
                "Screening: accept for assessment",
                request_only=True,
                value={"name": "accept_for_allocation", "reason": "Several needs; consent given"},
            )
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

    @extend_schema(
        methods=["GET"],
        summary="Notes of the case the caller may read",
        responses={200: NoteOut(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"], summary="Add a note", request=NoteIn, responses={201: NoteOut, **ERRORS}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def notes(self, request: Request, pk: str | None = None) -> Response:
        case = access_case(user=request.user, case_id=pk)
        if request.method == "GET":
            return Response(
                NoteOut(selectors.case_notes(user=request.user, case=case), many=True).data
            )
        data = NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.note_add(actor=self.actor, case=case, **data.validated_data)
        return Response(NoteOut(note).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary="Consent decisions recorded for the case",
        responses={200: ConsentOut(many=True), **ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record consent given, refused or withdrawn",
        request=ConsentIn,
        responses={201: ConsentOut, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def consents(self, request: Request, pk: str | None = None) -> Response:
        case = access_case(user=request.user, case_id=pk)
        if request.method == "GET":
            return Response(ConsentOut(selectors.case_consents(case=case), many=True).data)
        data = ConsentIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person_id = values.pop("person_id")
        person = None
        if person_id is not None:
            person = get_object_or_404(Person, pk=person_id, households__family_id=case.family_id)
        record = services.consent_record(actor=self.actor, case=case, person=person, **values)
        return Response(ConsentOut(record).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Enquiries raised by the caller's agencies, and what became of them",
        responses={200: EnquiryOutcomeOut, **ERRORS},
    ),
    retrieve=extend_schema(
        summary="What became of one enquiry", responses={200: EnquiryOutcomeOut, **ERRORS}
    ),
)
class EnquiryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    serializer_class = EnquiryOutcomeOut
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[Enquiry]:
        from partners.selectors import user_agency_ids

        return Enquiry.objects.filter(
            raised_by_agency_id__in=user_agency_ids(user=self.request.user)
        ).select_related("case", "case__lead_agency")

    @extend_schema(
        summary="Raise an enquiry (request for support)",
        request=EnquiryIn,
        responses={201: EnquiryOutcomeOut, **ERRORS},
        examples=[
            OpenApiExample("A school raises an enquiry", value=ENQUIRY_EXAMPLE, request_only=True)
        ],
    )
    def create(self, request: Request) -> Response:
        data = EnquiryIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        members = [services.PersonDetails(**m) for m in values["members"]]
        with transaction.atomic():
            family = services.family_create(actor=self.actor, **values["family"])
            people = []
            for index, details in enumerate(members):
                try:
                    people.append(
                        services.person_add_to_family(
                            actor=self.actor, family=family, details=details
                        )
                    )
                except ApplicationError as exc:
                    raise ApplicationError(
                        exc.message, {f"members[{index}].{k}": v for k, v in exc.extra.items()}
                    ) from exc
            _, hidden = services.duplicate_check(
                user=self.actor,
                nhs_numbers=[m.nhs_number for m in members if m.nhs_number],
                people=[(m.family_name, m.date_of_birth) for m in members if m.date_of_birth],
                postcode=family.postcode,
            )
            case = services.enquiry_create(
                actor=self.actor,
                family=family,
                children=[p for p, d in zip(people, members, strict=True) if d.enquiry_is_about],
                concerns=values["concerns"],
                concern_categories=values["concern_categories"],
                tried_before=values["tried_before"],
                family_consent=values["family_consent"],
                urgency=values["urgency"],
                possible_duplicates=[f for f in hidden if f.pk != family.pk],
            )
        return Response(EnquiryOutcomeOut(case.enquiry).data, status=status.HTTP_201_CREATED)

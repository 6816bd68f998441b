"""People: the people the caller may see, and the people of one case with corrections to
their records.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.access import visible_cases
from cases.api.base import CaseResourceViewSet
from cases.api.examples import CASE_PERSON_EXAMPLE, PERSON_EXAMPLE, _in, _out
from cases.codes import Ethnicity, Gender, Relationship, Sex
from cases.models import HouseholdMember, Person
from cases.refusals import refused_outside_case
from earlyhelp.api.docs import ERRORS, IF_MATCH, PRECONDITION_ERRORS, case_id_parameter
from earlyhelp.api.ids import IdFilter
from earlyhelp.api.views import AuditedViewSet


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

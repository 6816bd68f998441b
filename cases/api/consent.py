"""The consent records of one case."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.api.base import CaseResourceViewSet
from cases.api.examples import CONSENT_EXAMPLE, _in, _out
from cases.models import ConsentDecision, ConsentRecord, ShareBasis
from earlyhelp.api.docs import ERRORS, case_id_parameter
from earlyhelp.api.ids import id_field, id_list_field
from earlyhelp.errors import ApplicationError
from partners.models import Agency
from partners.selectors import agency_list


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

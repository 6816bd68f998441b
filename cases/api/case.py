"""Cases: the list, one case, and its steps along the workflow."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from cases import services
from cases.access import access_case, visible_cases
from cases.api.examples import CASE_EXAMPLE, _in, _out
from cases.api.families import FamilyOut
from cases.models import Case, CaseType, NeedLevel
from cases.workflow import TRANSITIONS, available_transitions
from cases.workflow_states import ScreeningOutcome, State
from earlyhelp.api.docs import ERRORS, IF_MATCH, PRECONDITION_ERRORS
from earlyhelp.api.ids import IdFilter
from earlyhelp.api.views import AuditedViewSet
from partners.models import Agency, User


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


class TransitionOut(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(help_text="Send it as `name` to the case's transitions/")
    label = serializers.CharField(help_text="What the step does, as a verb phrase")  # type: ignore[assignment]
    target = serializers.CharField(help_text="The state the case reaches")


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
        summary="The steps the caller may take now",
        description="The transitions available to the caller on this case, as the case "
        "page offers them (cases/workflow: `available_transitions`). What each requires "
        "of the data sent with it is checked only when it is taken.",
        responses={200: TransitionOut(many=True), **ERRORS},
        examples=[
            _out(
                "A closure waiting for sign-off, read by a manager",
                [
                    {
                        "name": "return_from_closing",
                        "label": "return the case to plan and review",
                        "target": "plan_and_review",
                    },
                    {"name": "close", "label": "close the case", "target": "closed"},
                ],
            )
        ],
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="next-steps",
        pagination_class=None,
        filter_backends=[],
    )
    def next_steps(self, request: Request, pk: str | None = None) -> Response:
        case = access_case(user=request.user, case_id=pk)
        steps = available_transitions(request.user, case)
        return Response(TransitionOut(steps, many=True).data)

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

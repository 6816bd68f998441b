"""Enquiries: raised by agency systems, and what the referrer is told of their outcome."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors, services
from cases.api.base import _remap
from cases.api.examples import (
    ENQUIRY_EXAMPLE,
    ENQUIRY_KNOWN_FAMILY_EXAMPLE,
    ENQUIRY_OUTCOME_EXAMPLE,
    _in,
    _out,
)
from cases.api.families import FamilyIn
from cases.api.people import PersonIn
from cases.capabilities import ENQUIRY_ROLES
from cases.models import Enquiry
from cases.models.enquiries import ConcernCategory, FamilyConsent, Urgency
from cases.selectors.journey import outcome_for_referrer, referrer_enquiries
from earlyhelp.api.docs import ERRORS
from earlyhelp.api.ids import id_field, id_list_field
from earlyhelp.api.permissions import HoldsAnyRole
from earlyhelp.api.views import AuditedViewSet
from earlyhelp.errors import ApplicationError


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

"""Families and their households, as far as the caller may see them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.filters import OrderingFilter

from cases import selectors
from cases.access import visible_families
from cases.api.base import _visible_case_ids
from cases.api.examples import FAMILY_EXAMPLE, HOUSEHOLD_EXAMPLE, _out
from cases.api.people import PersonOut
from cases.models import Family, HouseholdMember
from cases.refusals import refused_hidden
from earlyhelp.api.docs import ERRORS
from earlyhelp.api.ids import id_field
from earlyhelp.api.views import AuditedViewSet


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

"""The directory's API: every active service, found as the staff page finds them.

Partner systems (a school's, a health visiting team's) show local help beside their own
records. The query parameters are the pages' search (`need`, `age`, `postcode`, `zone`,
`q`); a bad one answers a structured 400 naming it. Results come most relevant first,
so they are paged by page number rather than by cursor. No personal data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from earlyhelp.api.docs import ERRORS
from earlyhelp.api.views import AuditedViewSet
from partners.directory.forms import StaffSearchForm
from partners.directory.models import Service
from partners.directory.selectors import place_for, service_search


class ServicePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ServiceOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    zones = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="code", many=True, read_only=True
    )
    family_hub = serializers.CharField(source="family_hub.name", default=None)
    stale = serializers.BooleanField(source="is_stale")
    distance_km = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "organisation_name",
            "agency_id",
            "description",
            "needs",
            "min_age",
            "max_age",
            "eligibility",
            "cost",
            "cost_detail",
            "zones",
            "family_hub",
            "venue",
            "address",
            "postcode",
            "latitude",
            "longitude",
            "opening_times",
            "contact_name",
            "email",
            "phone",
            "website",
            "referral_route",
            "referral_detail",
            "is_public",
            "status",
            "last_reviewed_on",
            "stale",
            "distance_km",
        ]


EXAMPLE = {
    "id": 12,
    "name": "Incredible Years parenting course",
    "organisation_name": "Northborough Council Early Help",
    "agency_id": 1,
    "description": "A 12-week group course for parents of children aged 3 to 8.",
    "needs": ["parenting", "behaviour"],
    "min_age": 3,
    "max_age": 8,
    "eligibility": "Parents and carers living in Northborough.",
    "cost": "free",
    "cost_detail": "",
    "zones": ["north"],
    "family_hub": "Millbrook Family Hub",
    "venue": "Millbrook Family Hub",
    "address": "1 Mill Lane, Northborough",
    "postcode": "NB1 4AA",
    "latitude": "52.41230",
    "longitude": "-1.51240",
    "opening_times": "Tuesdays 9:30am to 11:30am in term time",
    "contact_name": "Family hub reception",
    "email": "millbrook.hub@example.gov.uk",
    "phone": "01632 960 123",
    "website": "https://www.example.gov.uk/parenting",
    "referral_route": "either",
    "referral_detail": "Ring the hub or ask your health visitor.",
    "is_public": True,
    "status": "active",
    "last_reviewed_on": "2026-09-01",
    "stale": False,
    "distance_km": 1.4,
}


def _search_form(params: QueryDict) -> StaffSearchForm:
    form = StaffSearchForm(params if params else None)
    if form.is_bound and not form.is_valid():
        raise ValidationError(
            {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        )
    return form


@extend_schema_view(
    list=extend_schema(
        summary="Services in the directory, most relevant first",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Free text, ranked"),
            OpenApiParameter(
                "need",
                OpenApiTypes.STR,
                many=True,
                description="A need key (repeat for several), as enquiries use",
            ),
            OpenApiParameter("age", OpenApiTypes.INT, description="A child's age in years"),
            OpenApiParameter(
                "postcode", OpenApiTypes.STR, description="Nearest first, in its zone"
            ),
            OpenApiParameter("zone", OpenApiTypes.INT, description="A zone's id"),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses={200: ServiceOut, **ERRORS},
        examples=[
            OpenApiExample("A service", value=EXAMPLE, response_only=True, status_codes=["200"])
        ],
    ),
    retrieve=extend_schema(
        summary="One service",
        responses={200: ServiceOut, **ERRORS},
        examples=[
            OpenApiExample("A service", value=EXAMPLE, response_only=True, status_codes=["200"])
        ],
    ),
)
class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, AuditedViewSet):
    serializer_class = ServiceOut
    pagination_class = ServicePagination
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Service]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request to read
            return Service.objects.none()
        if self.action == "retrieve":
            return service_search(filters=StaffSearchForm().filters(), public_only=False)
        form = _search_form(self.request.query_params)
        filters = form.filters()
        place = place_for(postcode=filters.postcode, zone_id=filters.zone_id)
        return service_search(filters=filters, public_only=False, place=place)

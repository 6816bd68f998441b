"""The API face of partners: the family hubs, reference data for raising enquiries.

A new family whose postcode is in no area the service knows is raised with the family
hub that serves it (the front door of that hub's zone then sees it); systems read the
hubs here. Names and places of services only: no personal data.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from earlyhelp.api.docs import ERRORS
from earlyhelp.api.views import AuditedViewSet
from partners.models import FamilyHub
from partners.selectors import family_hub_list


class FamilyHubOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    zone = serializers.CharField(source="zone.name")

    class Meta:
        model = FamilyHub
        fields = ["id", "name", "zone_id", "zone", "postcode"]


@extend_schema_view(
    list=extend_schema(
        summary="Family hubs, each in its zone",
        responses={200: FamilyHubOut, **ERRORS},
        examples=[
            OpenApiExample(
                "A family hub",
                value={
                    "id": 5,
                    "name": "Millbrook Family Hub",
                    "zone_id": 2,
                    "zone": "North",
                    "postcode": "NB3 1AA",
                },
                response_only=True,
                status_codes=["200"],
            )
        ],
    ),
)
class FamilyHubViewSet(mixins.ListModelMixin, AuditedViewSet):
    serializer_class = FamilyHubOut

    def get_queryset(self) -> QuerySet[FamilyHub]:
        return family_hub_list()

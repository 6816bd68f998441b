"""Finding services: by need, age, place and free text, most relevant first.

Relevance, in order:
1. how many of the needs asked for the service helps with;
2. free text, ranked by PostgreSQL full-text search (`ts_rank` over the weighted
   vector: name, then organisation, then description);
3. place: a service run from the family's hub, then one serving the family's zone
   specifically, before one serving the whole borough;
4. distance from the postcode's centre, nearest first, where both points are known;
5. name.

Need and age narrow the list (a service for other needs or ages is not shown); a place
narrows it to services serving that zone or the whole borough.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Cos, Power, Radians, Sqrt

from partners.directory.models import PostcodeLocation, Service
from partners.models import FamilyHub, Zone
from partners.selectors import hub_for_postcode

KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class Place:
    """Where a family is, as far as a postcode or a chosen zone tells."""

    zone: Zone | None = None
    hub: FamilyHub | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class ServiceFilters:
    needs: list[str] = field(default_factory=list)
    age: int | None = None
    q: str = ""
    postcode: str = ""
    zone_id: int | None = None
    agency_id: int | None = None
    stale_only: bool = False
    include_withdrawn: bool = False


def compact_postcode(postcode: str) -> str:
    """Upper case, single spaces: "nb1  4aa" -> "NB1 4AA"."""
    return " ".join(postcode.upper().split())


def place_for(*, postcode: str = "", zone_id: int | None = None) -> Place:
    """The zone, hub and point of a postcode (or just the zone chosen)."""
    if postcode:
        compact = compact_postcode(postcode)
        hub = hub_for_postcode(postcode=compact)
        candidates = {compact[:n].strip() for n in range(2, len(compact) + 1)}
        located = max(
            PostcodeLocation.objects.filter(prefix__in=candidates),
            key=lambda loc: len(loc.prefix),
            default=None,
        )
        return Place(
            zone=hub.zone if hub else None,
            hub=hub,
            latitude=located.latitude if located else None,
            longitude=located.longitude if located else None,
        )
    if zone_id:
        return Place(zone=Zone.objects.filter(pk=zone_id).first())
    return Place()


def _base(*, public_only: bool, include_withdrawn: bool) -> QuerySet[Service]:
    if public_only:
        return Service.objects.public()
    return Service.objects.all() if include_withdrawn else Service.objects.active()


def service_search(
    *, filters: ServiceFilters, public_only: bool, place: Place | None = None
) -> QuerySet[Service]:
    """Services matching the filters, most relevant first (see the module's docstring).

    Each row carries `need_matches`, `text_rank`, `place_rank` and `distance_km` (None
    where unknown). Zones are prefetched, so a page of any length costs the same queries.
    """
    place = (
        place
        if place is not None
        else place_for(postcode=filters.postcode, zone_id=filters.zone_id)
    )
    services = _base(public_only=public_only, include_withdrawn=filters.include_withdrawn)
    ordering: list[Any] = []

    if filters.needs:
        services = services.filter(needs__overlap=list(filters.needs)).annotate(
            need_matches=sum(
                (
                    Case(
                        When(needs__contains=[need], then=Value(1)),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
                    for need in filters.needs
                ),
                start=Value(0, output_field=IntegerField()),
            )
        )
        ordering.append(F("need_matches").desc())
    else:
        services = services.annotate(need_matches=Value(0, output_field=IntegerField()))

    if filters.age is not None:
        services = services.filter(
            Q(min_age__isnull=True) | Q(min_age__lte=filters.age),
            Q(max_age__isnull=True) | Q(max_age__gte=filters.age),
        )

    text = filters.q.strip()
    if text:
        query = SearchQuery(text, search_type="websearch", config="english")
        services = services.filter(search_vector=query).annotate(
            text_rank=SearchRank(F("search_vector"), query)
        )
        ordering.append(F("text_rank").desc())
    else:
        services = services.annotate(text_rank=Value(0.0, output_field=FloatField()))

    if place.zone is not None:
        serves_zone = Service.zones.through.objects.filter(
            service_id=OuterRef("pk"), zone_id=place.zone.pk
        )
        serves_anywhere = ~Exists(Service.zones.through.objects.filter(service_id=OuterRef("pk")))
        services = services.filter(Exists(serves_zone) | serves_anywhere).annotate(
            place_rank=Case(
                When(family_hub_id=place.hub.pk if place.hub else -1, then=Value(2)),
                When(Exists(serves_zone), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        ordering.append(F("place_rank").desc())
    else:
        services = services.annotate(place_rank=Value(0, output_field=IntegerField()))

    if place.has_point:
        lat = float(place.latitude or 0)
        lon = float(place.longitude or 0)
        services = services.annotate(
            distance_km=KM_PER_DEGREE
            * Sqrt(
                Power(Cast("latitude", FloatField()) - lat, 2)
                + Power(
                    (Cast("longitude", FloatField()) - lon) * Cos(Radians(Value(lat))),
                    2,
                )
            )
        )
        ordering.append(F("distance_km").asc(nulls_last=True))
    else:
        services = services.annotate(distance_km=Value(None, output_field=FloatField()))

    if filters.agency_id:
        services = services.filter(agency_id=filters.agency_id)
    if filters.stale_only:
        services = services.filter(pk__in=Service.objects.stale().values("pk"))
    return (
        services.select_related("family_hub")
        .prefetch_related("zones")
        .order_by(*ordering, "name", "pk")
    )


def public_service(*, service_id: int) -> Service | None:
    return (
        Service.objects.public()
        .select_related("family_hub")
        .prefetch_related("zones")
        .filter(pk=service_id)
        .first()
    )


def service_detail(*, service_id: int) -> Service | None:
    """Any service, withdrawn ones too: for signed-in staff (the directory holds no
    personal data, so every member of staff may read every entry)."""
    return (
        Service.objects.select_related("family_hub", "agency", "updated_by")
        .prefetch_related("zones")
        .filter(pk=service_id)
        .first()
    )


def services_for_export() -> QuerySet[Service]:
    return (
        Service.objects.select_related("family_hub", "agency")
        .prefetch_related("zones")
        .order_by("name", "pk")
    )


def service_choices() -> QuerySet[Service]:
    """Active services a plan action may be linked to."""
    found = Service.objects.active().only("pk", "name", "organisation_name")
    return found.order_by("name", "pk")

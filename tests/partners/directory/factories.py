"""Factories for the service directory (synthetic services only)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from partners.directory.models import PostcodeLocation, Service
from partners.needs import NeedCategory
from tests.partners.factories import AgencyFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Service {n}")
    agency = factory.SubFactory(AgencyFactory)
    organisation_name = factory.LazyAttribute(lambda o: o.agency.name if o.agency else "A group")
    description = "Friendly help for families."
    needs = factory.LazyFunction(lambda: [NeedCategory.PARENTING.value])
    last_reviewed_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def zones(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.zones.set(extracted)  # type: ignore[attr-defined]


class PostcodeLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeLocation
        django_get_or_create = ("prefix",)

    prefix = "NB1"
    latitude = Decimal("52.40000")
    longitude = Decimal("-1.50000")

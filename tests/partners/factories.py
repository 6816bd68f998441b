"""Factories for agencies, places and people (synthetic data only)."""

from __future__ import annotations

import factory
from django.utils import timezone

from partners.models import Agency, FamilyHub, Membership, User, Zone
from partners.roles import ZONE_ROLES, AgencyKind, Role
from tests import names  # noqa: F401  (gives factory.Faker the plain_* names)

TEST_PASSWORD = "correct-horse-battery"


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Zone {n}")
    code = factory.Sequence(lambda n: f"zone-{n}")


class FamilyHubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FamilyHub

    name = factory.Sequence(lambda n: f"Hub {n}")
    zone = factory.SubFactory(ZoneFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = AgencyKind.SCHOOL
    # As the data migration marked them: the council early help team runs the service.
    runs_service = factory.LazyAttribute(lambda o: o.kind == AgencyKind.COUNCIL_EARLY_HELP)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@agency.example")
    full_name = factory.Faker("plain_name", locale="en_GB")
    job_title = "Practitioner"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.PRACTITIONER
    # A coordinator or manager made without an agency oversees zones, as in the service:
    # they get a council early help team that runs it.
    agency = factory.LazyAttribute(
        lambda o: AgencyFactory(
            kind=AgencyKind.COUNCIL_EARLY_HELP if o.role in ZONE_ROLES else AgencyKind.SCHOOL
        )
    )
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=30))


def member(
    role: Role | str = Role.PRACTITIONER, agency: Agency | None = None, **kwargs: object
) -> User:
    """A user with one active membership: the commonest thing a test needs."""
    if agency is not None:
        kwargs["agency"] = agency
    membership = MembershipFactory(role=role, **kwargs)  # type: ignore[arg-type]
    return membership.user

"""Factories for families, people and cases (synthetic data only).

They write rows directly so a test can set up any state in one line; the behaviour
under test is always exercised through services, selectors and pages.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from cases.codes import Relationship
from cases.models import (
    Case,
    CaseGrant,
    CaseShare,
    CaseTeamMember,
    ConsentDecision,
    ConsentRecord,
    Enquiry,
    Family,
    HouseholdMember,
    Person,
    ShareBasis,
)
from cases.workflow_states import State
from tests import names  # noqa: F401  (gives factory.Faker the plain_* names)
from tests.partners.factories import AgencyFactory, FamilyHubFactory, UserFactory


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    name = factory.LazyAttribute(lambda o: f"The {o.surname} family")
    address_line_1 = factory.Faker("street_address", locale="en_GB")
    town = "Northborough"
    postcode = factory.Faker("postcode", locale="en_GB")
    family_hub = factory.SubFactory(FamilyHubFactory)
    zone = factory.LazyAttribute(lambda o: o.family_hub.zone if o.family_hub else None)

    class Params:
        surname = factory.Faker("plain_last_name", locale="en_GB")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name = factory.Faker("plain_last_name", locale="en_GB")
    given_names = factory.Faker("plain_first_name", locale="en_GB")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=9 * 365))


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    family = factory.SubFactory(FamilyFactory)
    person = factory.SubFactory(PersonFactory)
    relationship = Relationship.CHILD


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    zone = factory.LazyAttribute(lambda o: o.family.zone)
    family_hub = factory.LazyAttribute(lambda o: o.family.family_hub)
    state = State.ALLOCATED
    reference = factory.Sequence(lambda n: f"TST{n:06d}")
    opened_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    case = factory.SubFactory(CaseFactory, state=State.ENQUIRY_RECEIVED)
    raised_by = factory.SubFactory(UserFactory)
    raised_by_agency = factory.SubFactory(AgencyFactory)
    concerns = "Attendance has fallen to 70% this term and mum is struggling."
    family_consent = "given"
    contact_source = "2A"


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTeamMember

    case = factory.SubFactory(CaseFactory)
    agency = factory.SubFactory(AgencyFactory)
    added_by = factory.SubFactory(UserFactory)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)
    decision = ConsentDecision.GIVEN
    basis = ShareBasis.CONSENT
    recorded_by = factory.SubFactory(UserFactory)


class ShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseShare

    case = factory.SubFactory(CaseFactory)
    agency = factory.SubFactory(AgencyFactory)
    basis = ShareBasis.CONSENT
    consent = factory.SubFactory(ConsentFactory, case=factory.SelfAttribute("..case"))
    granted_by = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))


def grant(case: Case, user, *, days: int = 7, granted_by=None) -> CaseGrant:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import Permission

    return CaseGrant.objects.create(
        user=user,
        content_object=case,
        permission=Permission.objects.get(codename="view_case", content_type__app_label="cases"),
        reason="Covering for a colleague",
        granted_by=granted_by or UserFactory(),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


def waiting_case(hub, *, received_days_ago: int = 3, surname: str | None = None, **kwargs):  # type: ignore[no-untyped-def]
    """A case accepted at screening and waiting for allocation, with consent recorded."""
    family = FamilyFactory(family_hub=hub, **({"surname": surname} if surname else {}))
    child = HouseholdMemberFactory(family=family).person
    received = timezone.now() - dt.timedelta(days=received_days_ago)
    case = CaseFactory(
        family=family,
        state=State.AWAITING_ALLOCATION,
        opened_on=timezone.localdate(received),
        state_changed_at=received,
        screening_outcome="early_help_assessment",
        **kwargs,
    )
    enquiry = EnquiryFactory(case=case, received_at=received)
    enquiry.children.add(child)
    ConsentFactory(case=case, person=child)
    return case

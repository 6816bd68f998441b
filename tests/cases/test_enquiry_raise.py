"""enquiry_raise: the one service the enquiry pages call, in one transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import Case, Family, Person
from cases.services import NewFamilyDetails, PersonDetails, enquiry_raise
from earlyhelp.errors import ApplicationError
from partners.roles import Role
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory
from tests.cases.pages import years_ago
from tests.partners.factories import FamilyHubFactory, member

pytestmark = pytest.mark.django_db

ENQUIRY = {"concerns": "Struggling with routines", "family_consent": "given"}


def ada(**changes) -> PersonDetails:
    values = {
        "family_name": "Okafor",
        "given_names": "Ada",
        "relationship": "child",
        "date_of_birth": years_ago(8),
        "enquiry_is_about": True,
    } | changes
    return PersonDetails(**values)


def test_a_new_family_its_people_the_case_and_the_enquiry_are_created_together():
    teacher = member(Role.PRACTITIONER)
    hub = FamilyHubFactory()
    case = enquiry_raise(
        actor=teacher,
        new_family=NewFamilyDetails(
            name="The Okafor family", postcode="nb1 4ab", family_hub_id=hub.pk
        ),
        people=[ada(), ada(given_names="Grace", relationship="parent", enquiry_is_about=False)],
        **ENQUIRY,
    )
    assert case.family.postcode == "NB1 4AB"
    assert (case.family_hub, case.zone) == (hub, hub.zone)
    assert [p.given_names for p in case.enquiry.children.all()] == ["Ada"]
    assert case.family.members.count() == 2


def test_nothing_is_written_when_one_person_is_not_valid():
    teacher = member(Role.PRACTITIONER)
    with pytest.raises(ApplicationError) as error:
        enquiry_raise(
            actor=teacher,
            new_family=NewFamilyDetails(name="The Okafor family"),
            people=[ada(), ada(given_names="Bo", nhs_number="123")],
            **ENQUIRY,
        )
    assert "nhs_number" in error.value.extra["person-1"]
    assert not Family.objects.exists() and not Person.objects.exists()
    assert not Case.objects.exists()


def test_only_roles_that_work_with_families_may_raise_an_enquiry():
    with pytest.raises(PermissionDenied):
        enquiry_raise(
            actor=member(Role.STRATEGIC_LEAD),
            new_family=NewFamilyDetails(name="The Okafor family"),
            people=[ada()],
            **ENQUIRY,
        )


def test_a_family_the_person_cannot_see_cannot_be_used():
    family = FamilyFactory()
    child = HouseholdMemberFactory(family=family).person
    CaseFactory(family=family)
    with pytest.raises(PermissionDenied):
        enquiry_raise(actor=member(Role.PRACTITIONER), family=family, children=[child], **ENQUIRY)


def test_the_children_must_live_in_the_chosen_household():
    coordinator_family = FamilyFactory()
    case = CaseFactory(family=coordinator_family)
    coordinator = member(Role.COORDINATOR, zone=case.zone)
    stranger = HouseholdMemberFactory().person
    with pytest.raises(ApplicationError, match="Select the children"):
        enquiry_raise(actor=coordinator, family=coordinator_family, children=[stranger], **ENQUIRY)


def test_only_coordinators_record_an_enquiry_made_by_someone_else():
    with pytest.raises(PermissionDenied):
        enquiry_raise(
            actor=member(Role.PRACTITIONER),
            new_family=NewFamilyDetails(name="The Okafor family"),
            people=[ada()],
            on_behalf_of="A neighbour",
            **ENQUIRY,
        )


def test_a_family_in_no_known_area_and_no_hub_chosen_is_refused_and_nothing_written():
    """Coordinators see their zone's enquiries: one with no zone would wait unseen."""
    with pytest.raises(ApplicationError) as error:
        enquiry_raise(
            actor=member(Role.PRACTITIONER),
            new_family=NewFamilyDetails(name="The Okafor family", postcode="ZZ9 9ZZ"),
            people=[ada()],
            **ENQUIRY,
        )
    assert "family_hub" in error.value.extra
    assert not Family.objects.exists() and not Case.objects.exists()

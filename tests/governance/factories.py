"""Officers and the people and cases the governance tests work on (synthetic data only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cases.codes import Relationship
from cases.models import Case, NoteVisibility, Person, PersonIdentifier
from cases.services import note_add
from cases.services.records import PersonDetails
from partners.models import Agency, User
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.partners.factories import AgencyFactory, member

NHS_NUMBER = "9434765919"
OTHER_NHS_NUMBER = "9434765870"


def officer() -> User:
    """An information governance officer of the council."""
    return member(Role.INFORMATION_GOVERNANCE, agency=AgencyFactory(kind=AgencyKind.OTHER))


@dataclass
class TwoFamilies:
    """A person in two households, each with a case, and a sibling in the second."""

    person: Person
    sibling: Person
    first: Case
    second: Case
    worker: User
    lead: Agency


def person_in_two_families() -> TwoFamilies:
    lead = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    worker = member(Role.PRACTITIONER, agency=lead)
    person = PersonFactory(given_names="Marisol", family_name="Quenby")
    PersonIdentifier.objects.create(person=person, type="nhs_number", value=NHS_NUMBER)
    sibling = PersonFactory(given_names="Tobiah", family_name="Quenby")
    PersonIdentifier.objects.create(person=sibling, type="nhs_number", value=OTHER_NHS_NUMBER)
    first_family = FamilyFactory(surname="Quenby")
    second_family = FamilyFactory(surname="Farrowdale")
    HouseholdMemberFactory(family=first_family, person=person, relationship=Relationship.CHILD)
    HouseholdMemberFactory(family=second_family, person=person, relationship=Relationship.CHILD)
    HouseholdMemberFactory(family=second_family, person=sibling, relationship=Relationship.CHILD)
    first = CaseFactory(family=first_family, lead_agency=lead, lead_practitioner=worker)
    second = CaseFactory(family=second_family, lead_agency=lead, lead_practitioner=worker)
    return TwoFamilies(person, sibling, first, second, worker, lead)


def renamed(person: Person, *, family_name: str, given_names: str) -> PersonDetails:
    """The first family's child, `person_in_two_families`, as a correction of their names
    would give them: everything else as recorded, the NHS number included."""
    return PersonDetails(
        family_name=family_name,
        given_names=given_names,
        relationship="child",
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        gender=person.gender,
        ethnicity=person.ethnicity,
        nhs_number=NHS_NUMBER,
        upn="",
        local_id="",
    )


def add_note(case: Case, author: User, text: str, **kwargs: object) -> None:
    note_add(
        actor=author,
        case=case,
        note_type="visit",
        contact_date=timezone.localdate() - dt.timedelta(days=1),
        text=text,
        **kwargs,  # type: ignore[arg-type]
    )


RESTRICTED = NoteVisibility.RESTRICTED

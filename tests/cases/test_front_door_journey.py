"""The front door's new duties: NHS numbers reused only for the same person, re-referrals
within 12 months, and step-downs from children's social care."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import IdentifierConflict, PersonIdentifier, StepDown
from cases.services import (
    NewFamilyDetails,
    PersonDetails,
    StepDownDetails,
    enquiry_create,
    enquiry_raise,
    family_create,
    person_add_to_family,
)
from cases.workflow_states import State
from cases.working_days import months_before
from earlyhelp.errors import ApplicationError
from partners.models import PostcodeArea
from tests.cases.factories import (
    CaseFactory,
    EnquiryFactory,
    FamilyFactory,
    HouseholdMemberFactory,
)
from tests.cases.pages import nhs_number, text_of
from tests.cases.places import build_place

pytestmark = pytest.mark.django_db

BORN = dt.date(2016, 9, 2)


@pytest.fixture
def place():
    return build_place()


def known_child(place, number: str):
    """A child on record in a family the teacher cannot see."""
    family = FamilyFactory(name="The Known family")
    person = HouseholdMemberFactory(
        family=family,
        person__family_name="Okafor",
        person__given_names="Ada Grace",
        person__date_of_birth=BORN,
    ).person
    PersonIdentifier.objects.create(person=person, type="nhs_number", value=number)
    CaseFactory(family=family)
    return family, person


@pytest.mark.parametrize(
    ("family_name", "given_names"),
    [("OKAFOR", "Someone Else"), ("Someone-Else", " ada  grace "), ("o'kafor", "ADA GRACE")],
)
def test_a_known_nhs_number_is_the_same_person_when_a_name_and_birth_date_match(
    place, family_name, given_names
):
    number = nhs_number(1)
    _, known = known_child(place, number)
    family = family_create(actor=place.teacher, name="The Okafor family")
    person = person_add_to_family(
        actor=place.teacher,
        family=family,
        details=PersonDetails(
            family_name=family_name,
            given_names=given_names,
            relationship="child",
            date_of_birth=BORN,
            nhs_number=number,
        ),
    )
    assert person == known
    assert not IdentifierConflict.objects.exists()


@pytest.mark.parametrize(
    ("family_name", "born"),
    [("Okafor", BORN + dt.timedelta(days=1)), ("Mensah", BORN), ("Okafor", None)],
)
def test_a_mistyped_nhs_number_never_attaches_someone_elses_record(place, family_name, born):
    number = nhs_number(2)
    _known_family, known = known_child(place, number)
    family = family_create(actor=place.teacher, name="The Mensah family")
    person = person_add_to_family(
        actor=place.teacher,
        family=family,
        details=PersonDetails(
            family_name=family_name,
            given_names="Kofi",
            relationship="child",
            date_of_birth=born,
            nhs_number=number,
        ),
    )
    assert person != known
    assert not person.identifiers.exists()  # created without the conflicting number
    assert list(known.identifiers.values_list("value", flat=True)) == [number]
    conflict = IdentifierConflict.objects.get()
    assert (conflict.person, conflict.known_person, conflict.family) == (person, known, family)


def test_the_conflict_reaches_the_front_door_but_never_the_person_raising_it(
    place, signed_in_client
):
    number = nhs_number(3)
    known_family, _ = known_child(place, number)
    case = enquiry_raise(
        actor=place.teacher,
        new_family=NewFamilyDetails(
            name="The Mensah family", postcode="NB9 9ZZ", family_hub_id=place.hub.pk
        ),
        people=[
            PersonDetails(
                family_name="Mensah",
                given_names="Kofi",
                relationship="child",
                date_of_birth=dt.date(2017, 1, 5),
                nhs_number=number,
                enquiry_is_about=True,
            )
        ],
        concerns="Kofi is often absent.",
        family_consent="given",
    )
    assert (case.family_hub, case.zone) == (place.hub, place.zone)
    assert IdentifierConflict.objects.get().enquiry == case.enquiry
    assert known_family in case.enquiry.possible_duplicates.all()

    screening = text_of(
        signed_in_client(place.coordinator).get(f"/cases/{case.pk}/screening/").content.decode()
    )
    assert "The NHS number given for Kofi Mensah is recorded for someone here" in screening
    assert "A family you cannot see" in screening and "The Known family" not in screening
    raiser = text_of(signed_in_client(place.teacher).get("/your-enquiries/").content.decode())
    assert "The Mensah family" in raiser
    assert "NHS number" not in raiser and "may already be known" not in raiser


def _closed_case(place, family, closed_on: dt.date):
    return CaseFactory(family=family, state=State.CLOSED, closed_on=closed_on)


@pytest.mark.parametrize(("months", "is_rereferral"), [(0, True), (11, True), (13, False)])
def test_a_new_enquiry_within_12_months_of_closure_is_a_rereferral(place, months, is_rereferral):
    family = FamilyFactory(family_hub=place.hub)
    child = HouseholdMemberFactory(family=family).person
    today = timezone.localdate()
    earlier = _closed_case(place, family, months_before(today, months))
    case = enquiry_create(
        actor=place.teacher,
        family=family,
        children=[child],
        concerns="Things are hard again",
        family_consent="given",
    )
    assert case.rereferral_of == (earlier if is_rereferral else None)


def test_a_rereferral_follows_the_child_into_a_new_household(place):
    old_home = FamilyFactory(family_hub=place.hub)
    child = HouseholdMemberFactory(family=old_home).person
    earlier = _closed_case(place, old_home, timezone.localdate() - dt.timedelta(days=40))
    EnquiryFactory(case=earlier).children.add(child)
    new_home = FamilyFactory(family_hub=place.hub)
    HouseholdMemberFactory(family=new_home, person=child)
    case = enquiry_create(
        actor=place.teacher,
        family=new_home,
        children=[child],
        concerns="Moved in with dad; struggling",
        family_consent="given",
    )
    assert case.rereferral_of == earlier


def test_the_rereferral_flag_shows_on_the_queue_and_the_case(place, signed_in_client):
    family = FamilyFactory(family_hub=place.hub)
    child = HouseholdMemberFactory(family=family).person
    earlier = _closed_case(place, family, timezone.localdate() - dt.timedelta(days=30))
    case = enquiry_create(
        actor=place.teacher, family=family, children=[child], concerns="x", family_consent="given"
    )
    client = signed_in_client(place.coordinator)
    assert "Re-referral" in client.get("/front-door/").content.decode()
    summary = text_of(client.get(f"/cases/{case.pk}/").content.decode())
    assert "Re-referral" in summary and earlier.reference in summary
    assert case.chronology.filter(kind="rereferral").exists()


def test_a_coordinator_records_a_step_down_that_goes_straight_to_allocation(place):
    PostcodeArea.objects.create(prefix="NB1", family_hub=place.hub)
    case = enquiry_raise(
        actor=place.coordinator,
        new_family=NewFamilyDetails(name="The Ali family", postcode="NB1 1AA"),
        people=[
            PersonDetails(
                family_name="Ali",
                given_names="Zain",
                relationship="child",
                date_of_birth=dt.date(2015, 3, 3),
                enquiry_is_about=True,
            )
        ],
        concerns="Child in need plan ended; the family would like continued support.",
        family_consent="given",
        step_down=StepDownDetails("SC-445566", timezone.localdate() - dt.timedelta(days=3)),
    )
    assert case.state == State.AWAITING_ALLOCATION and case.family_hub == place.hub
    assert case.step_down.social_care_closed_on == timezone.localdate() - dt.timedelta(days=3)


def test_a_step_down_for_a_family_already_known(place):
    family = FamilyFactory(family_hub=place.hub)
    child = HouseholdMemberFactory(family=family).person
    case = enquiry_raise(
        actor=place.coordinator,
        family=_visible_family_for(place, family),
        children=[child],
        concerns="Child in need plan ended; continued support wanted.",
        family_consent="given",
        step_down=StepDownDetails("SC-778899"),
    )
    case.refresh_from_db()
    assert case.state == State.AWAITING_ALLOCATION
    assert case.enquiry.contact_source == "5A"
    step = StepDown.objects.get(case=case)
    assert step.social_care_reference == "SC-778899"
    assert case.transitions.get(name="accept_step_down").to_state == State.AWAITING_ALLOCATION


def _visible_family_for(place, family):
    """An earlier case, led by the council long ago: its people see the family."""
    CaseFactory(
        family=family,
        state=State.CLOSED,
        closed_on=timezone.localdate() - dt.timedelta(days=500),
        lead_agency=place.council,
    )
    return family


def test_only_coordinators_record_step_downs_and_they_need_the_reference(place):
    family = _visible_family_for(place, FamilyFactory(family_hub=place.hub))
    child = HouseholdMemberFactory(family=family).person
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        enquiry_raise(
            actor=place.teacher,
            family=family,
            children=[child],
            concerns="x",
            family_consent="given",
            step_down=StepDownDetails("SC-1"),
        )
    with pytest.raises(ApplicationError) as error:
        enquiry_raise(
            actor=place.coordinator,
            family=family,
            children=[child],
            concerns="x",
            family_consent="given",
            step_down=StepDownDetails(" "),
        )
    assert error.value.extra["social_care_reference"] == ["Enter the social care episode reference"]
    assert family.cases.count() == 1  # nothing half-written: only the earlier case


def test_a_step_down_outside_the_coordinators_zone_is_refused_with_the_reason(place):
    family = _visible_family_for(place, FamilyFactory(family_hub=place.hub))
    child = HouseholdMemberFactory(family=family).person
    with pytest.raises(ApplicationError, match="only for a family in a zone or family hub"):
        enquiry_raise(
            actor=place.other_coordinator,
            family=family,
            children=[child],
            concerns="x",
            family_consent="given",
            step_down=StepDownDetails("SC-2"),
        )

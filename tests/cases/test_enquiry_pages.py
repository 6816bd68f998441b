"""Raising an enquiry through the question pages (Django test client).

What was typed is kept on errors and when going back; errors sit beside their
fields; nothing is written until the answers are checked and sent; families that
match but are hidden from the person raising it are never shown to them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import AuditEntry, Case, Enquiry, Family, Person, PersonIdentifier
from cases.workflow_states import State
from partners.models import PostcodeArea
from partners.roles import AgencyKind, Role
from tests.cases.factories import (
    CaseFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    TeamMemberFactory,
)
from tests.cases.pages import (
    checked,
    date_fields,
    error_beside,
    nhs_number,
    people_data,
    selected,
    text_of,
    upn,
    value_of,
    years_ago,
)
from tests.partners.factories import AgencyFactory, FamilyHubFactory, MembershipFactory, member

pytestmark = pytest.mark.django_db

FAMILY = {
    "name": "The Okafor family",
    "address_line_1": "12 Mill Lane",
    "address_line_2": "",
    "town": "Northborough",
    "postcode": "nb1 4ab",
    "language": "English",
    "interpreter_needed": "no",
}
CONCERNS = {
    "concern_categories": ["school_attendance", "parenting"],
    "concerns": "Ada's attendance has fallen to 70% and mum is struggling since the baby.",
    "tried_before": "Attendance meetings in school.",
    "urgency": "routine",
    "family_consent": "given",
}


@pytest.fixture(autouse=True)
def mill_lane_hub():
    """The borough's NB1 postcode area belongs to the Mill Lane hub."""
    hub = FamilyHubFactory(name="Mill Lane Family Hub")
    PostcodeArea.objects.create(prefix="NB1", family_hub=hub)
    return hub


@pytest.fixture
def teacher():
    return member(Role.PRACTITIONER, agency=AgencyFactory(kind=AgencyKind.SCHOOL))


@pytest.fixture
def client(signed_in_client, teacher):
    return signed_in_client(teacher)


def start(client) -> None:
    response = client.post("/enquiries/new/")
    assert response.status_code == 302 and response["Location"] == "/enquiries/new/who/"


def through_to_people(client) -> None:
    start(client)
    assert client.post("/enquiries/new/who/", {"action": "new"})["Location"] == (
        "/enquiries/new/family/"
    )
    assert client.post("/enquiries/new/family/", FAMILY)["Location"] == "/enquiries/new/people/"


def test_a_partner_raises_an_enquiry_for_a_new_family_through_every_page(
    client, teacher, mill_lane_hub
):
    through_to_people(client)
    response = client.post(
        "/enquiries/new/people/",
        people_data(
            {
                "given_names": "Grace",
                "relationship": "parent",
                "date_of_birth": years_ago(34),
                "ni_number": "AB 12 34 56 C",
            },
            {
                "given_names": "Ada",
                "nhs_number": nhs_number(11),
                "upn": upn(2018),
                "enquiry_is_about": True,
                "send": True,
            },
            {
                "given_names": "Baby",
                "relationship": "child",
                "sex": "U",
                "gender": "not_stated",
                "ethnicity": "NOBT",
                "date_of_birth": None,
                "expected_date_of_birth": timezone.localdate() + dt.timedelta(days=60),
            },
        ),
    )
    assert response["Location"] == "/enquiries/new/concerns/"
    assert client.post("/enquiries/new/concerns/", CONCERNS)["Location"] == "/enquiries/new/check/"
    assert not Family.objects.exists(), "nothing is written before the answers are sent"

    check = client.get("/enquiries/new/check/")
    page = text_of(check.content.decode())
    assert check.status_code == 200
    assert "Check your answers before sending the enquiry" in page
    for expected in (
        "The Okafor family",
        "12 Mill Lane",
        "NB1 4AB",
        "Grace Okafor",
        "Ada Okafor",
        "School attendance or exclusion",
        "Parenting support",
        "Unborn: expected",
        "Mill Lane Family Hub",
    ):
        assert expected in page
    assert 'href="/enquiries/new/people/?return=check#id_person-1-nhs_number"' in (
        check.content.decode()
    )

    sent = client.post("/enquiries/new/check/", follow=True)
    case = Case.objects.get()
    assert sent.redirect_chain[-1][0] == "/enquiries/new/sent/"
    assert case.reference in sent.content.decode()
    assert "Enquiry sent" in sent.content.decode()

    family = case.family
    assert (family.name, family.postcode, family.address_line_1) == (
        "The Okafor family",
        "NB1 4AB",
        "12 Mill Lane",
    )
    # The postcode put the family in its hub, so the hub's coordinators see the enquiry.
    assert (case.family_hub, case.zone) == (mill_lane_hub, mill_lane_hub.zone)
    assert family.members.count() == 3
    enquiry = Enquiry.objects.get(case=case)
    assert [p.given_names for p in enquiry.children.all()] == ["Ada"]
    assert enquiry.concern_categories == ["school_attendance", "parenting"]
    assert enquiry.raised_by == teacher and enquiry.contact_source == "2A"
    assert case.state == State.ENQUIRY_RECEIVED
    ada = Person.objects.get(given_names="Ada")
    assert ada.send
    assert set(ada.identifiers.values_list("type", "value")) == {
        (PersonIdentifier.Type.NHS_NUMBER, nhs_number(11)),
        (PersonIdentifier.Type.UPN, upn(2018)),
    }
    baby = Person.objects.get(given_names="Baby")
    assert baby.date_of_birth is None and baby.expected_date_of_birth is not None
    assert "enquiry_draft" not in client.session
    # Sending again cannot create a second case: the draft is gone.
    assert client.post("/enquiries/new/check/")["Location"] == "/enquiries/new/"
    assert Case.objects.count() == 1


def test_people_page_errors_sit_beside_each_field_and_nothing_typed_is_lost(client):
    through_to_people(client)
    future = timezone.localdate() + dt.timedelta(days=3)
    data = people_data(
        {
            "family_name": "",
            "given_names": "Ada",
            "nhs_number": "485 777 3456",
            "upn": "A12345678901",
            "date_of_birth": future,
            "enquiry_is_about": True,
        },
        {"given_names": "", "relationship": "", "ni_number": "not an NI number"},
    )
    response = client.post("/enquiries/new/people/", data)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Error: People in the household" in html
    assert error_beside(html, "id_person-0-family_name") == "Enter the family name"
    assert error_beside(html, "id_person-0-nhs_number") == (
        "Enter a real NHS number: the check digit does not match"
    )
    assert error_beside(html, "id_person-0-upn").startswith("Enter a UPN that is 13 characters")
    assert error_beside(html, "id_person-0-date_of_birth") == (
        "Date of birth must be today or in the past"
    )
    assert error_beside(html, "id_person-1-given_names") == "Enter the given names"
    assert error_beside(html, "id_person-1-relationship") == (
        "Select their relationship in the household"
    )
    assert error_beside(html, "id_person-1-ni_number").startswith(
        "Enter a National Insurance number in the correct format"
    )
    assert 'href="#id_person-0-date_of_birth_day"' in html  # the summary links to the field
    # Everything typed is shown again as it was.
    assert value_of(html, "person-0-given_names") == "Ada"
    assert value_of(html, "person-0-nhs_number") == "485 777 3456"
    assert value_of(html, "person-0-upn") == "A12345678901"
    assert value_of(html, "person-0-date_of_birth_day") == str(future.day)
    assert value_of(html, "person-0-date_of_birth_year") == str(future.year)
    assert checked(html, "person-0-enquiry_is_about", "true")
    assert value_of(html, "person-1-ni_number") == "not an NI number"
    assert selected(html, "person-0-ethnicity") == "BAFR"

    # Going elsewhere and coming back shows the same input, without the errors.
    client.get("/enquiries/new/family/")
    again = client.get("/enquiries/new/people/").content.decode()
    assert value_of(again, "person-0-nhs_number") == "485 777 3456"
    assert value_of(again, "person-1-ni_number") == "not an NI number"
    assert error_beside(again, "id_person-0-nhs_number") == ""
    assert "<title>People in the household" in again


def test_someone_is_needed_the_enquiry_is_about_and_a_date_of_birth_or_due_date(client):
    through_to_people(client)
    response = client.post(
        "/enquiries/new/people/", people_data({"date_of_birth": None}, {"given_names": "Sam"})
    )
    html = response.content.decode()
    assert error_beside(html, "id_person-0-date_of_birth") == (
        "Enter the date of birth, or an expected date of birth for an unborn child"
    )
    response = client.post("/enquiries/new/people/", people_data({}, {"given_names": "Sam"}))
    assert error_beside(response.content.decode(), "id_person-0-enquiry_is_about") == (
        "Select at least one child the enquiry is about"
    )


def test_add_another_and_remove_keep_what_was_typed(client):
    through_to_people(client)
    data = people_data({"given_names": "Grace", "relationship": "parent"}, action="add")
    response = client.post("/enquiries/new/people/", data)
    assert response.status_code == 302
    html = client.get("/enquiries/new/people/").content.decode()
    assert value_of(html, "person-0-given_names") == "Grace"
    assert value_of(html, "person-1-family_name") == "Okafor"  # started from person 1's
    # The new person starts from the same defaults as the first, not the first option.
    assert selected(html, "person-1-sex") == "U"
    assert selected(html, "person-1-gender") == "not_stated"
    assert selected(html, "person-1-ethnicity") == "NOBT"
    assert value_of(html, "person-TOTAL_FORMS") == "2"
    assert 'Remove<span class="govuk-visually-hidden"> person 2' in html

    data = people_data(
        {"given_names": "Grace", "relationship": "parent"}, {"given_names": "Ada"}
    ) | {"remove": "0"}
    data.pop("action")
    client.post("/enquiries/new/people/", data)
    html = client.get("/enquiries/new/people/").content.decode()
    assert value_of(html, "person-TOTAL_FORMS") == "1"
    assert value_of(html, "person-0-given_names") == "Ada"


def test_family_page_errors_and_going_back_keeps_the_answers(client):
    start(client)
    client.post("/enquiries/new/who/", {"action": "new"})
    response = client.post("/enquiries/new/family/", FAMILY | {"name": "", "postcode": "NOPE"})
    html = response.content.decode()
    assert error_beside(html, "id_name") == "Enter what the household is known as"
    assert error_beside(html, "id_postcode") == "Enter a real postcode, like NB1 4AB"
    assert value_of(html, "address_line_1") == "12 Mill Lane"
    assert value_of(html, "postcode") == "NOPE"

    client.post("/enquiries/new/family/", FAMILY)
    back = client.get("/enquiries/new/family/").content.decode()
    assert value_of(back, "name") == "The Okafor family"
    assert checked(back, "interpreter_needed", "no")


def test_concerns_page_needs_its_answers_beside_each_question(client):
    through_to_people(client)
    client.post("/enquiries/new/people/", people_data({"enquiry_is_about": True}))
    response = client.post("/enquiries/new/concerns/", {"concerns": "  ", "tried_before": "Lots"})
    html = response.content.decode()
    assert error_beside(html, "id_concern_categories") == "Select what the concerns are about"
    assert error_beside(html, "id_concerns") == "Enter what the concerns are"
    assert error_beside(html, "id_urgency") == "Select how urgent it is"
    assert error_beside(html, "id_family_consent") == (
        "Select whether the family knows about this enquiry"
    )
    assert "Lots" in html


def test_matches_hidden_from_the_person_raising_it_are_never_shown_but_reach_the_front_door(
    client,
):
    hidden_family = FamilyFactory(name="The Hidden family", postcode="ZZ9 9ZZ")
    HouseholdMemberFactory(
        family=hidden_family, person=PersonFactory(given_names="Secret", family_name="Hidden")
    )
    known = hidden_family.members.get().person
    PersonIdentifier.objects.create(
        person=known, type=PersonIdentifier.Type.NHS_NUMBER, value=nhs_number(77)
    )
    CaseFactory(family=hidden_family)

    through_to_people(client)
    response = client.post(
        "/enquiries/new/people/",
        people_data({"nhs_number": nhs_number(77), "enquiry_is_about": True}),
    )
    assert response["Location"] == "/enquiries/new/concerns/"  # no matches page
    client.post("/enquiries/new/concerns/", CONCERNS)
    check = client.get("/enquiries/new/check/").content.decode()
    assert "Hidden" not in check and "ZZ9" not in check
    assert client.get("/enquiries/new/matches/")["Location"] == "/enquiries/new/concerns/"

    client.post("/enquiries/new/check/")
    enquiry = Enquiry.objects.get()
    assert list(enquiry.possible_duplicates.all()) == [hidden_family]
    assert enquiry.case.family != hidden_family


def test_a_match_the_person_may_see_is_offered_and_choosing_it_uses_that_family(client, teacher):
    school = teacher.memberships.get().agency
    family = FamilyFactory(name="The Okafor family", postcode="NB1 4AB")
    ada = HouseholdMemberFactory(
        family=family,
        person=PersonFactory(given_names="Ada", family_name="Okafor", date_of_birth=years_ago(9)),
    ).person
    TeamMemberFactory(case=CaseFactory(family=family), agency=school)

    through_to_people(client)
    response = client.post("/enquiries/new/people/", people_data({"enquiry_is_about": True}))
    assert response["Location"] == "/enquiries/new/matches/"
    page = client.get("/enquiries/new/matches/").content.decode()
    assert "We may already know this family" in page and "Ada Okafor" in page
    assert (
        error_beside(client.post("/enquiries/new/matches/", {}).content.decode(), "id_family")
        == "Select a family, or that it is none of these"
    )

    assert client.post("/enquiries/new/matches/", {"family": family.pk})["Location"] == (
        "/enquiries/new/children/"
    )
    client.post("/enquiries/new/children/", {"children": [ada.pk]})
    client.post("/enquiries/new/concerns/", CONCERNS)
    client.post("/enquiries/new/check/")
    new_case = Case.objects.latest("id")
    assert new_case.family == family
    assert list(new_case.enquiry.children.all()) == [ada]
    assert Family.objects.count() == 1


def test_declining_a_visible_match_carries_on_with_a_new_family(client, teacher):
    school = teacher.memberships.get().agency
    family = FamilyFactory(name="The Okafor family", postcode="NB1 4AB")
    HouseholdMemberFactory(
        family=family,
        person=PersonFactory(given_names="Ada", family_name="Okafor", date_of_birth=years_ago(9)),
    )
    TeamMemberFactory(case=CaseFactory(family=family), agency=school)
    through_to_people(client)
    client.post("/enquiries/new/people/", people_data({"enquiry_is_about": True}))
    assert client.post("/enquiries/new/matches/", {"family": "new"})["Location"] == (
        "/enquiries/new/concerns/"
    )
    client.post("/enquiries/new/concerns/", CONCERNS)
    assert client.get("/enquiries/new/check/").status_code == 200
    client.post("/enquiries/new/check/")
    assert Family.objects.count() == 2
    assert not Enquiry.objects.get().possible_duplicates.exists()  # a visible match was seen


def test_searching_for_a_known_family_finds_only_those_the_person_may_see(client, teacher):
    school = teacher.memberships.get().agency
    mine = FamilyFactory(name="The Adeyemi family")
    child = HouseholdMemberFactory(
        family=mine, person=PersonFactory(family_name="Adeyemi", given_names="Tobi")
    ).person
    TeamMemberFactory(case=CaseFactory(family=mine), agency=school)
    theirs = FamilyFactory(name="The Adeyemi family (other)")
    CaseFactory(family=theirs)

    start(client)
    response = client.post("/enquiries/new/who/", {"action": "search", "name": "Adeyemi"})
    assert response["Location"] == "/enquiries/new/who/"  # the terms stay out of the address
    page = client.get("/enquiries/new/who/").content.decode()
    assert "The Adeyemi family" in page and "(other)" not in page
    assert value_of(page, "name") == "Adeyemi"
    assert AuditEntry.objects.filter(action="search", user=teacher).exists()

    # Choosing a family the person cannot see is not found, like one that does not exist.
    assert (
        client.post("/enquiries/new/who/", {"action": "choose", "family": theirs.pk}).status_code
        == 404
    )
    assert (
        client.post("/enquiries/new/who/", {"action": "choose", "family": mine.pk})["Location"]
        == "/enquiries/new/children/"
    )
    response = client.post("/enquiries/new/children/", {})
    assert error_beside(response.content.decode(), "id_children") == (
        "Select the children the enquiry is about"
    )
    client.post("/enquiries/new/children/", {"children": [child.pk]})
    client.post("/enquiries/new/concerns/", CONCERNS)
    check = text_of(client.get("/enquiries/new/check/").content.decode())
    assert "The Adeyemi family" in check and "Tobi Adeyemi" in check
    client.post("/enquiries/new/check/")
    assert Case.objects.filter(family=mine).count() == 2


def test_a_search_with_a_bad_nhs_number_says_so_beside_the_field(client):
    start(client)
    response = client.post(
        "/enquiries/new/who/",
        {"action": "search", "nhs_number": "123"} | date_fields("date_of_birth", None),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert error_beside(html, "id_nhs_number").startswith("Enter an NHS number that is 10 digits")
    assert value_of(html, "nhs_number") == "123"


def test_coordinators_record_who_made_it_and_people_of_two_agencies_choose_one(
    signed_in_client,
):
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    coordinator = member(Role.COORDINATOR, agency=council, zone=hub.zone)
    school = AgencyFactory(kind=AgencyKind.SCHOOL)
    MembershipFactory(user=coordinator, agency=school, role=Role.PRACTITIONER)
    client = signed_in_client(coordinator)
    through_to_people(client)
    client.post("/enquiries/new/people/", people_data({"enquiry_is_about": True}))
    page = client.get("/enquiries/new/concerns/").content.decode()
    assert "Which agency are you raising it for?" in page
    assert "Who made the enquiry?" in page

    response = client.post(
        "/enquiries/new/concerns/", CONCERNS | {"contact_source": "1A", "on_behalf_of": ""}
    )
    html = response.content.decode()
    assert error_beside(html, "id_agency") == "Select the agency you are acting for"
    assert error_beside(html, "id_on_behalf_of") == "Enter who made the enquiry"

    client.post(
        "/enquiries/new/concerns/",
        CONCERNS | {"agency": council.pk, "contact_source": "1A", "on_behalf_of": "Her aunt"},
    )
    client.post("/enquiries/new/check/")
    enquiry = Enquiry.objects.get()
    assert enquiry.raised_by_agency == council
    assert (enquiry.on_behalf_of, enquiry.contact_source) == ("Her aunt", "1A")


def test_a_partner_cannot_record_an_enquiry_on_someone_elses_behalf(client):
    through_to_people(client)
    client.post("/enquiries/new/people/", people_data({"enquiry_is_about": True}))
    page = client.get("/enquiries/new/concerns/").content.decode()
    assert "Who made the enquiry?" not in page
    client.post("/enquiries/new/concerns/", CONCERNS | {"on_behalf_of": "Someone"})
    client.post("/enquiries/new/check/")
    assert Enquiry.objects.get().on_behalf_of == ""


def test_pages_out_of_order_send_you_to_the_right_page(client):
    assert client.get("/enquiries/new/people/")["Location"] == "/enquiries/new/"
    start(client)
    assert client.get("/enquiries/new/people/")["Location"] == "/enquiries/new/who/"
    assert client.get("/enquiries/new/check/")["Location"] == "/enquiries/new/who/"
    client.post("/enquiries/new/who/", {"action": "new"})
    assert client.get("/enquiries/new/check/")["Location"] == "/enquiries/new/family/"
    assert client.get("/enquiries/new/sent/")["Location"] == "/enquiries/new/"


def test_changing_an_answer_from_check_your_answers_returns_there(client):
    through_to_people(client)
    client.post("/enquiries/new/people/", people_data({"enquiry_is_about": True}))
    client.post("/enquiries/new/concerns/", CONCERNS)
    response = client.post("/enquiries/new/family/?return=check", FAMILY | {"town": "Southby"})
    assert response["Location"] == "/enquiries/new/check/"
    assert "Southby" in client.get("/enquiries/new/check/").content.decode()


def test_a_family_outside_the_known_areas_is_given_a_hub_so_a_coordinator_sees_it(
    client, mill_lane_hub
):
    start(client)
    client.post("/enquiries/new/who/", {"action": "new"})
    elsewhere = FAMILY | {"postcode": "ZZ9 9ZZ", "town": "Farway"}
    response = client.post("/enquiries/new/family/", elsewhere)
    html = response.content.decode()
    assert response.status_code == 200
    assert error_beside(html, "id_family_hub").startswith("Select the family hub that serves")
    assert value_of(html, "postcode") == "ZZ9 9ZZ" and value_of(html, "town") == "Farway"
    chosen = elsewhere | {"family_hub": str(mill_lane_hub.pk)}
    assert client.post("/enquiries/new/family/", chosen)["Location"] == "/enquiries/new/people/"

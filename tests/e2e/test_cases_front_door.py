"""Browser: a partner raises an enquiry through the real pages; a coordinator screens it.

axe-core checks every page visited, error pages included.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from cases.models import Case
from cases.workflow_states import State
from partners.models import PostcodeArea
from partners.roles import AgencyKind, Role
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD, AgencyFactory, FamilyHubFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASH = "\N{EN DASH}"  # page titles: the page, an en dash, the case reference


def fill_date(page, prefix: str, value: dt.date) -> None:
    page.locator(f"#{prefix}_day").fill(str(value.day))
    page.locator(f"#{prefix}_month").fill(str(value.month))
    page.locator(f"#{prefix}_year").fill(str(value.year))


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="You have signed out").wait_for()


def test_a_partner_raises_an_enquiry_and_a_coordinator_screens_it(page, live_server):
    hub = FamilyHubFactory(name="Riverside Family Hub")
    PostcodeArea.objects.create(prefix="NB1", family_hub=hub)
    school = AgencyFactory(kind=AgencyKind.SCHOOL, name="Hillside Primary School")
    teacher = member(Role.PRACTITIONER, agency=school)
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Early Help Front Door")
    coordinator = member(Role.COORDINATOR, agency=council, zone=hub.zone)

    # The partner raises the enquiry.
    sign_in(page, live_server, teacher.email, TEST_PASSWORD)
    page.get_by_role("link", name="New enquiry").click()
    assert_title_starts(page, "Raise an enquiry")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    assert_title_starts(page, "Who is the enquiry about?")
    assert_accessible(page)
    page.get_by_role("button", name="Search").click()  # no terms: an error beside the name
    assert_title_starts(page, "Error: Who is the enquiry about?")
    assert_accessible(page)
    page.get_by_role("button", name="Continue with a family not known to us").click()

    assert_title_starts(page, "About the family")
    assert_accessible(page)
    page.get_by_label("What is the household known as?").fill("The Mensah family")
    page.get_by_label("Address line 1").fill("4 Canal Street")
    page.get_by_role("button", name="Continue").click()
    assert_title_starts(page, "Error: About the family")
    assert "Enter the town or city" in page.locator("#id_town-error").inner_text()
    assert page.get_by_label("Address line 1").input_value() == "4 Canal Street"
    assert_accessible(page)
    page.get_by_label("Town or city").fill("Northborough")
    page.get_by_label("Postcode").fill("nb1 2cd")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    assert_title_starts(page, "People in the household")
    assert page.locator("#id_person-0-family_name").input_value() == "Mensah"
    assert_accessible(page)
    page.locator("#id_person-0-given_names").fill("Abena")
    page.locator("#id_person-0-relationship").select_option("parent")
    fill_date(page, "id_person-0-date_of_birth", dt.date(1990, 5, 17))
    page.locator("#id_person-0-sex").select_option("F")
    page.get_by_role("button", name="Add another person").click()
    page.locator("#id_person-1-given_names").fill("Kofi")
    page.locator("#id_person-1-relationship").select_option("child")
    fill_date(page, "id_person-1-date_of_birth", timezone.localdate() + dt.timedelta(days=5))
    page.locator("#id_person-1-nhs_number").fill("123 456 7890")
    page.get_by_role("button", name="Continue", exact=True).click()

    assert_title_starts(page, "Error: People in the household")
    assert (
        "must be today or in the past"
        in page.locator("#id_person-1-date_of_birth-error").inner_text()
    )
    assert "NHS number" in page.locator("#id_person-1-nhs_number-error").inner_text()
    assert page.locator("#id_person-0-given_names").input_value() == "Abena"
    assert_accessible(page)
    fill_date(page, "id_person-1-date_of_birth", dt.date(2017, 9, 3))
    page.locator("#id_person-1-nhs_number").fill("")
    page.locator("#id_person-1-enquiry_is_about").check()
    page.get_by_role("button", name="Continue", exact=True).click()

    assert_title_starts(page, "The concerns")
    assert_accessible(page)
    page.get_by_label("School attendance or exclusion").check()
    page.get_by_label("What are the concerns?").fill(
        "Kofi has missed 12 days this term and seems withdrawn."
    )
    page.get_by_label("Routine").check()
    page.get_by_label("Yes, the family knows and agrees").check()
    page.get_by_role("button", name="Continue").click()

    assert_title_starts(page, "Check your answers")
    assert "Kofi Mensah" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Send the enquiry").click()

    assert_title_starts(page, "Enquiry sent")
    assert_accessible(page)
    reference = page.locator(".govuk-panel__body strong").inner_text()
    case = Case.objects.get(reference=reference)
    assert case.family_hub == hub and case.state == State.ENQUIRY_RECEIVED
    sign_out(page)

    # The coordinator finds it in the front door queue and screens it.
    sign_in(page, live_server, coordinator.email, TEST_PASSWORD)
    page.get_by_role("link", name="Front door", exact=True).click()
    assert_title_starts(page, "Front door queue")
    assert_accessible(page)
    page.get_by_label("Urgency").select_option("routine")
    page.get_by_role("button", name="Apply filters").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("The Mensah family")).click()

    assert_title_starts(page, f"Summary {DASH} {reference}")
    assert_accessible(page)
    page.get_by_role("button", name="Record the screening decision").click()

    assert_title_starts(page, f"Screening decision {DASH} {reference}")
    assert_accessible(page)
    page.get_by_role("button", name="Record the decision").click()
    assert_title_starts(page, "Error: Screening decision")
    assert_accessible(page)
    page.get_by_label("Early help assessment").check()
    page.get_by_label("Reasons for the decision").fill(
        "Attendance and wellbeing: a whole-family assessment will help."
    )
    page.get_by_role("button", name="Record the decision").click()

    assert_title_starts(page, f"Summary {DASH} {reference}")
    assert "Screening decision recorded" in page.content()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == State.AWAITING_ALLOCATION


def test_the_front_door_filters_sit_above_a_full_width_queue(page, live_server):
    from tests.cases.factories import CaseFactory, EnquiryFactory, FamilyFactory

    hub = FamilyHubFactory(name="Riverside Family Hub")
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    coordinator = member(Role.COORDINATOR, agency=council, zone=hub.zone)
    for n in range(3):
        EnquiryFactory(
            case=CaseFactory(
                family=FamilyFactory(family_hub=hub, name=f"The Adeyemi-Fitzgerald family {n}"),
                state=State.ENQUIRY_RECEIVED,
            ),
            received_at=timezone.now() - dt.timedelta(days=3 + n),
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, coordinator.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/front-door/")
    assert_accessible(page)

    main = page.locator("main").bounding_box()
    form = page.locator("main form").first.bounding_box()
    table = page.locator("table.app-queue").bounding_box()
    assert main and form and table
    # The queue takes the page's whole width, not what a filter column leaves of it.
    assert table["width"] >= main["width"] - 2
    assert form["y"] + form["height"] <= table["y"]

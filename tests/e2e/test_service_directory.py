"""Browser: a family finds help on the public directory without signing in, and a
practitioner finds and curates a service, every page checked with axe."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from partners.directory.models import Service
from partners.models import PostcodeArea
from partners.roles import AgencyKind, Role
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.directory.factories import PostcodeLocationFactory, ServiceFactory
from tests.partners.factories import TEST_PASSWORD, AgencyFactory, FamilyHubFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory():  # type: ignore[no-untyped-def]
    hub = FamilyHubFactory(name="Hillside Family Hub")
    PostcodeArea.objects.create(prefix="NB1", family_hub=hub)
    PostcodeLocationFactory(prefix="NB1")
    charity = AgencyFactory(name="Southgate Dads", kind=AgencyKind.VOLUNTARY)
    ServiceFactory(
        name="Hillside stay and play",
        agency=charity,
        description="Play and songs for babies and toddlers",
        needs=["early_years", "parenting"],
        min_age=0,
        max_age=4,
        zones=[hub.zone],
        family_hub=hub,
        latitude=Decimal("52.40500"),
        longitude=Decimal("-1.50000"),
        opening_times="Mondays 10am",
    )
    ServiceFactory(name="Money advice", needs=["money"], description="Help with debts")
    ServiceFactory(name="Referral-only mentoring", is_public=False, needs=["crime"])
    return charity


def test_a_family_finds_help_on_the_public_page_without_signing_in(page, live_server, directory):
    page.goto(f"{live_server.url}/services/")
    assert_title_starts(page, "Find local help")
    assert "Referral-only mentoring" not in page.content()
    assert page.get_by_role("button", name=re.compile("Exit this page")).is_visible()
    assert_accessible(page)

    page.get_by_label("Age of the child or young person").fill("two")
    page.get_by_role("button", name="Search", exact=True).click()
    assert_title_starts(page, "Error: Search results")
    assert_accessible(page)

    page.get_by_label("What are you looking for?").fill("play")
    page.get_by_label("Postcode").fill("nb1 4aa")
    page.get_by_label("Age of the child or young person").fill("2")
    page.get_by_label("Early years development").check()
    page.get_by_role("button", name="Search", exact=True).click()
    assert_title_starts(page, "Search results")
    assert "Hillside stay and play" in page.content() and "Money advice" not in page.content()
    assert "km away" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Hillside stay and play").click()
    assert_title_starts(page, "Hillside stay and play")
    assert "Mondays 10am" in page.content()
    assert_accessible(page)

    page.go_back()
    page.get_by_role("link", name="Print these services").click()
    assert_title_starts(page, "Services to print")
    assert "Mondays 10am" in page.content()
    assert_accessible(page)


def test_the_navigation_of_the_busiest_role_does_not_wrap_at_1024px(page, live_server):
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    coordinator = member(Role.COORDINATOR, agency=council)
    page.set_viewport_size({"width": 1024, "height": 800})
    sign_in(page, live_server, coordinator.email, TEST_PASSWORD)

    items = page.locator(".govuk-service-navigation__list .govuk-service-navigation__item")
    assert items.count() >= 9  # Home to Reporting, Services among them
    tops = {round(items.nth(i).bounding_box()["y"]) for i in range(items.count())}
    assert len(tops) == 1, "the service navigation wraps at 1024px"


def test_a_provider_finds_and_changes_their_entry(page, live_server, directory):
    worker = member(Role.PRACTITIONER, agency=directory)
    sign_in(page, live_server, worker.email, TEST_PASSWORD)

    page.get_by_role("link", name="Services", exact=True).click()
    assert_title_starts(page, "Service directory")
    assert "Referral-only mentoring" in page.content()  # staff see staff-only services
    assert_accessible(page)

    page.get_by_role("link", name="Hillside stay and play").click()
    assert_title_starts(page, "Hillside stay and play")
    assert_accessible(page)
    page.get_by_role("link", name="Change this entry").click()
    assert_title_starts(page, "Change Hillside stay and play")
    page.get_by_label("Oldest age").fill("1")
    page.get_by_label("Youngest age").fill("3")
    page.get_by_role("button", name="Save the changes").click()
    assert_title_starts(page, "Error: Change Hillside stay and play")
    assert_accessible(page)
    page.get_by_label("Oldest age").fill("5")
    page.get_by_role("button", name="Save the changes").click()
    assert_title_starts(page, "Hillside stay and play")
    assert Service.objects.get(name="Hillside stay and play").max_age == 5

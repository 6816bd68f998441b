"""Browser journeys: an administrator enters next year's child population for a zone,
and the list says from when it applies; a school's DSL opens Our cases and finds a case the school
is on the Team Around the Family of. Each page checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from partners.roles import Role
from reporting.models import ChildPopulation
from tests.cases.factories import CaseFactory, FamilyFactory, TeamMemberFactory
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD, AgencyFactory, ZoneFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_enters_next_years_population_for_a_zone(page, live_server):
    ZoneFactory(name="Riverside")
    next_year = timezone.localdate().year + 1
    ChildPopulation.objects.create(year=next_year, zone=None, children=48_000)
    admin = member(Role.SYSTEM_ADMIN)
    sign_in(page, live_server, admin.email, TEST_PASSWORD)

    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Child populations").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add child population").click()
    page.get_by_label("Year").fill(str(next_year))
    page.get_by_label("Children").fill("12500")
    # No zone chosen: the whole area, which already has next year's figure.
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    assert page.get_by_label("Children").input_value() == "12500"
    assert_accessible(page)

    page.locator("#id_zone").select_option(label="Riverside")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#result_list")).to_contain_text(f"1 January {next_year}")
    assert_accessible(page)
    assert ChildPopulation.objects.get(year=next_year, zone__name="Riverside").children == 12500


def test_a_school_dsl_opens_our_cases_and_finds_a_taf_case(page, live_server):
    school = AgencyFactory(name="Hillside Primary")
    dsl = member(Role.PARTNER_VIEWER, agency=school)
    case = CaseFactory(family=FamilyFactory(name="the Okafor family"))
    TeamMemberFactory(case=case, agency=school)
    CaseFactory(family=FamilyFactory(name="the Nowak family"))
    sign_in(page, live_server, dsl.email, TEST_PASSWORD)

    page.get_by_role("link", name="Our cases").first.click()
    assert_title_starts(page, "Our cases")
    assert_accessible(page)
    table = page.locator("table").inner_text()
    assert "the Okafor family" in table and "the Nowak family" not in table
    assert "Team or shared" in table

    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Apply filters").click()
    assert "not involved in any cases" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="the Okafor family").click()
    assert case.reference in page.locator("body").inner_text()

"""Browser test: a strategic lead opens the scorecard, filters it, and reads the other
reporting pages; each page checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from partners.roles import Role
from reporting.scorecard.engine import default_range, rollup
from tests.e2e.conftest import assert_accessible, sign_in
from tests.partners.factories import TEST_PASSWORD, ZoneFactory, member
from tests.reporting.scorecard_data import journey

pytestmark = pytest.mark.django_db(transaction=True)


def test_strategic_lead_reads_the_scorecard_and_reporting_pages(page, live_server):
    zone = ZoneFactory(name="Riverside")
    today = timezone.localdate()
    for n in range(6):
        received = today - dt.timedelta(days=40 + n)
        journey(received=received, steps={"allocate": received + dt.timedelta(days=6)})
    rollup(first=default_range()[0], last=default_range()[1])
    lead = member(Role.STRATEGIC_LEAD)
    sign_in(page, live_server, lead.email, TEST_PASSWORD)

    page.get_by_role("link", name="Reporting").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text().startswith("Scorecard")
    assert page.locator("svg[role=img] title").count() > 10
    assert_accessible(page)

    page.get_by_label("Zone").select_option(label="Riverside")
    page.get_by_role("button", name="Show the scorecard").click()
    assert "Riverside zone" in page.locator(".govuk-caption-l").inner_text()
    assert_accessible(page)

    page.get_by_text("How P1a is calculated").click()
    assert "working days" in page.locator("#measure-p1a").inner_text()

    for link in (
        "Supporting Families",
        "Zone profiles",
        "Partnership",
        "Cost-benefit",
        "Board pack",
    ):
        page.locator("nav[aria-label=Reporting]").get_by_role("link", name=link).click()
        page.wait_for_selector("h1")
        assert_accessible(page)
    page.goto(f"{live_server.url}/reporting/zones/{zone.pk}/")
    assert page.locator("h1").inner_text() == "Riverside"
    assert_accessible(page)

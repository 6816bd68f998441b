"""Browser: an out-of-hours worker of the service opens a case by saying why, and the lead
agency's manager reviews it from their home page, with axe on every page."""

from __future__ import annotations

import pytest

from cases.reference_data import ensure_reference_data
from cases.workflow_states import State
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory
from tests.cases.places import build_place
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD, AgencyFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Out of hours: the children were brought to the emergency duty team tonight"


def test_a_case_is_opened_with_a_reason_and_the_opening_is_reviewed(page, live_server):
    ensure_reference_data()
    place = build_place()
    case = CaseFactory(
        family__family_hub=place.hub,
        family__name="The Nowak family",
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.worker,
    )
    duty_team = AgencyFactory(
        kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Emergency Duty Team", runs_service=True
    )
    duty_worker = member(Role.PRACTITIONER, agency=duty_team)
    lead_manager = member(Role.MANAGER, agency=place.council)

    sign_in(page, live_server, duty_worker.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert_title_starts(page, "Page not found")
    assert_accessible(page)
    page.get_by_role("link", name="open it by saying why").click()

    assert_title_starts(page, "Open a case you are not working with")
    assert_accessible(page)
    page.get_by_role("button", name="Open the case").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_title_starts(page, "Error: Open a case you are not working with")
    assert_accessible(page)
    page.get_by_label("Why do you need to open this case now?").fill(REASON)
    page.get_by_role("button", name="Open the case").click()
    assert_title_starts(page, f"Summary \N{EN DASH} {case.reference}")
    assert page.get_by_text("You can see this case for 24 hours").is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="You have signed out").wait_for()

    sign_in(page, live_server, lead_manager.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/")
    page.get_by_text("1 to review").wait_for()
    page.get_by_role("link", name="Cases opened without a relationship").click()
    assert_title_starts(page, "Cases opened without a relationship")
    assert_accessible(page)
    assert page.get_by_text(REASON).is_visible()
    page.get_by_role("link", name=f"Review the opening of {case.reference}").click()
    assert_title_starts(page, f"Review the opening of {case.reference}")
    assert_accessible(page)
    page.get_by_label("Yes, it was appropriate").check()
    page.get_by_role("button", name="Record the review").click()
    assert_title_starts(page, "Cases opened without a relationship")
    assert page.get_by_text("There is nothing to review").is_visible()

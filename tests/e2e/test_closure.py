"""Browser: a lead practitioner proposes closure and a manager signs it off, with axe."""

from __future__ import annotations

import pytest

from cases.models import LeadPractitionerAssignment
from cases.reference_data import ensure_reference_data
from cases.workflow_states import State
from tests.cases.factories import CaseFactory
from tests.cases.places import build_place
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASH = "\N{EN DASH}"


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="You have signed out").wait_for()


def test_a_case_is_proposed_for_closure_and_signed_off(page, live_server):
    ensure_reference_data()
    place = build_place()
    case = CaseFactory(
        family__family_hub=place.hub,
        family__name="The Nowak family",
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.worker,
    )
    LeadPractitionerAssignment.objects.create(
        case=case, user=place.worker, agency=place.council, assigned_by=place.coordinator
    )

    sign_in(page, live_server, place.worker.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert_title_starts(page, f"Summary {DASH} {case.reference}")
    assert_accessible(page)
    page.get_by_role("button", name="Propose closing the case").click()

    assert_title_starts(page, f"Propose closing the case {DASH}")
    assert_accessible(page)
    page.get_by_label("Needs met").check()
    page.get_by_role("button", name="Propose closing the case").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_title_starts(page, "Error: Propose closing the case")
    assert page.get_by_label("Needs met").is_checked()  # kept
    assert_accessible(page)
    page.get_by_label("Exit plan: what will the family do").fill(
        "Keep the morning routine; termly attendance meetings with school."
    )
    page.get_by_label("Where can the family get help from now on?").fill(
        "The family hub drop-in on Tuesdays; the front door if things get harder."
    )
    page.get_by_label("Additional").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("What did the family say about the help?").fill("It came at the right time.")
    page.get_by_role("button", name="Propose closing the case").click()

    assert_title_starts(page, f"Summary {DASH} {case.reference}")
    assert "waiting for a manager to sign it off" in page.content()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server, place.manager.email, TEST_PASSWORD)
    page.get_by_role("link", name="My work").first.click()
    assert_title_starts(page, "My work")
    assert_accessible(page)
    page.get_by_role("link", name="Sign off or return the closure").click()
    assert_title_starts(page, f"Sign off the closure {DASH}")
    assert "Keep the morning routine" in page.content()
    assert_accessible(page)
    page.get_by_label("Sign off: close the case").check()
    page.get_by_role("button", name="Record your decision").click()

    assert_title_starts(page, f"Summary {DASH} {case.reference}")
    assert "This case is closed" in page.content()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.closure_reason == "needs_met"

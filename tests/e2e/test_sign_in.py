import pytest

from partners.roles import Role
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.identity.sessions import give_authenticator, totp_code
from tests.partners.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_has_no_accessibility_violations(page, live_server):
    page.goto(f"{live_server.url}/sign-in/")
    assert_title_starts(page, "Sign in")
    assert_accessible(page)


def test_a_practitioner_signs_in_through_the_form_and_sees_their_agency(page, live_server):
    membership = MembershipFactory(role=Role.PRACTITIONER)
    sign_in(page, live_server, membership.user.email, TEST_PASSWORD)

    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert membership.agency.name in page.content()
    assert_title_starts(page, "Home")
    assert_accessible(page)


def test_sign_in_errors_are_announced_and_accessible(page, live_server):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter your email address" in summary.inner_text()
    assert_title_starts(page, "Error: Sign in")
    assert_accessible(page)


def test_the_stylesheet_and_scripts_load_under_the_content_security_policy(browser, live_server):
    context = browser.new_context()  # no CSP bypass: the product's own policy applies
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/sign-in/")
    page.wait_for_load_state("networkidle")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    supported = page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    context.close()
    assert "GDS Transport" in font
    assert supported
    assert problems == []


def test_keyboard_only_user_can_sign_in_and_out(page, live_server):
    membership = MembershipFactory()
    device = give_authenticator(membership.user)
    page.goto(f"{live_server.url}/sign-in/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.get_by_label("Email address").focus()
    page.keyboard.type(membership.user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_label("Security code").focus()
    page.keyboard.type(totp_code(device))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="You have signed out").wait_for()

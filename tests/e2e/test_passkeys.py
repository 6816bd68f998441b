"""Browser journeys of passkeys, with axe on every page: someone signs in with the
password and a code, adds a passkey, signs out and signs in with the password and the
passkey. Chromium's virtual authenticator (Chrome DevTools Protocol, WebAuthn domain)
plays the person's fingerprint reader, so the real browser ceremony runs end to end."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from cases.models.audit import AuditAction, AuditEntry
from identity.services import passkeys
from partners.roles import Role
from tests.e2e.conftest import assert_accessible, assert_title_starts
from tests.identity.authenticator import SoftwarePasskey
from tests.identity.sessions import give_authenticator, totp_code
from tests.partners.factories import TEST_PASSWORD, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def relying_party(settings, live_server):  # type: ignore[no-untyped-def]
    """Passkeys belong to the live server's origin for the test."""
    settings.WEBAUTHN_RP_ID = "localhost"
    settings.WEBAUTHN_ORIGIN = live_server.url
    assert live_server.url.startswith("http://localhost:")


def fingerprint_reader(page: Any) -> Any:
    """A platform authenticator that verifies the person, attached to this tab."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp


def password_step(page: Any, live_server: Any, email: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert_title_starts(page, "Enter your security code")


def test_someone_adds_a_passkey_and_signs_in_with_it(page, live_server, relying_party):
    user = MembershipFactory(role=Role.PRACTITIONER).user
    device = give_authenticator(user)
    fingerprint_reader(page)

    password_step(page, live_server, user.email)
    assert page.get_by_role("button", name="Use a passkey").count() == 0  # none added yet
    page.get_by_label("Security code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/**")

    page.goto(f"{live_server.url}/account/")
    assert_title_starts(page, "Your account")
    page.get_by_role("link", name="Add a passkey").click()
    assert_title_starts(page, "Passkeys")
    assert_accessible(page)
    page.get_by_role("button", name="Add a passkey").click()
    assert_title_starts(page, "Add a passkey")
    assert_accessible(page)
    page.get_by_role("button", name="Add passkey").click()
    assert_title_starts(page, "Error: Add a passkey")
    assert "Enter a name for the passkey" in page.content()
    assert_accessible(page)
    page.get_by_label("Name this passkey").fill("Work laptop")
    page.get_by_label("Name this passkey").press("Enter")  # the keyboard, not the mouse
    assert_title_starts(page, "Passkeys")
    assert "Passkey added: Work laptop" in page.content()
    assert page.get_by_role("cell", name="Work laptop", exact=True).count() == 1
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    assert_title_starts(page, "You have signed out")
    password_step(page, live_server, user.email)
    assert_accessible(page)
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    assert_accessible(page)
    page.goto(f"{live_server.url}/account/passkeys/")
    assert_title_starts(page, "Passkeys")
    assert "Not used yet" not in page.content()

    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).latest("pk")
    assert entry.detail["second_factor"] == "passkey"
    assert entry.detail["device"] == "Work laptop"
    added = AuditEntry.objects.get(action=AuditAction.SECOND_FACTOR_SET_UP)
    assert added.detail["kind"] == "passkey"


def test_a_cancelled_passkey_is_an_error_and_the_code_still_works(page, live_server, relying_party):
    user = MembershipFactory(role=Role.PRACTITIONER).user
    device = give_authenticator(user)
    ceremony = passkeys.registration_begin(user=user)
    passkeys.registration_complete(
        user=user,
        state=ceremony.state,
        response_json=SoftwarePasskey(origin=live_server.url, rp_id="localhost").create(
            ceremony.options
        ),
        name="Security key",
    )
    # The person closes the browser's passkey dialog: the browser refuses the request.
    page.add_init_script(
        "navigator.credentials.get = () => "
        "Promise.reject(new DOMException('The operation was cancelled', 'NotAllowedError'))"
    )
    password_step(page, live_server, user.email)
    page.get_by_role("button", name="Use a passkey").click()
    assert_title_starts(page, "Error: Enter your security code")
    assert page.get_by_text("Your passkey was not used").is_visible()
    assert page.evaluate("document.activeElement.matches('[data-passkey-error]')")
    assert_accessible(page)
    page.get_by_label("Security code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def test_without_webauthn_the_passkey_controls_stay_hidden(page, live_server, relying_party):
    user = MembershipFactory(role=Role.PRACTITIONER).user
    device = give_authenticator(user)
    page.add_init_script("delete window.PublicKeyCredential")
    password_step(page, live_server, user.email)
    page.get_by_label("Security code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    page.goto(f"{live_server.url}/account/passkeys/add/")
    assert_title_starts(page, "Add a passkey")
    assert page.get_by_text("This browser cannot make passkeys").is_visible()
    assert not page.get_by_role("button", name="Add passkey").is_visible()
    assert_accessible(page)


def test_the_passkey_script_runs_under_the_content_security_policy(
    browser, live_server, relying_party
):
    """The other journeys let axe in past the CSP; this one keeps the product's policy
    whole and checks the module still shows the passkey button, with no violation."""
    user = MembershipFactory(role=Role.PRACTITIONER).user
    device = give_authenticator(user)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        password_step(page, live_server, user.email)
        page.get_by_label("Security code").fill(totp_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: "/sign-in/" not in url)
        page.goto(f"{live_server.url}/account/passkeys/add/")
        expect(page.get_by_role("button", name="Add passkey")).to_be_visible()
        expect(page.get_by_text("This browser cannot make passkeys")).to_be_hidden()
        assert violations == []
    finally:
        context.close()


def test_someone_removes_a_passkey_and_it_no_longer_signs_them_in(page, live_server, relying_party):
    """The passkey made in the real browser ceremony is removed through its confirmation
    page; the sign-in page then offers no passkey."""
    user = MembershipFactory(role=Role.PRACTITIONER).user
    device = give_authenticator(user)
    fingerprint_reader(page)
    password_step(page, live_server, user.email)
    page.get_by_label("Security code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    page.goto(f"{live_server.url}/account/passkeys/add/")
    page.get_by_label("Name this passkey").fill("Work laptop")
    page.get_by_role("button", name="Add passkey").click()
    assert_title_starts(page, "Passkeys")

    page.get_by_role("link", name="Remove Work laptop").click()
    assert_title_starts(page, "Remove the passkey Work laptop")
    assert_accessible(page)
    page.get_by_role("button", name="Remove passkey").click()
    assert_title_starts(page, "Passkeys")
    assert "Passkey removed: Work laptop" in page.content()
    assert page.get_by_role("cell", name="Work laptop", exact=True).count() == 0

    page.get_by_role("button", name="Sign out").click()
    assert_title_starts(page, "You have signed out")
    password_step(page, live_server, user.email)
    assert page.get_by_role("button", name="Use a passkey").count() == 0

"""Browser journeys of identity, with axe on every page of the service they visit:
an invited school member onboards, a password reset, the idle timeout warning, and
single sign-on through a real OpenID Connect provider on loopback."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core import mail

from identity.models import AssignableRoles
from partners.models import User
from partners.roles import AgencyKind, Role
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.identity.oidc_provider.server import PASSWORD as PROVIDER_PASSWORD
from tests.identity.oidc_provider.server import Provider, running_provider
from tests.identity.outbox import deliver
from tests.identity.sessions import code_for_key, give_authenticator, totp_code
from tests.partners.factories import TEST_PASSWORD, AgencyFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "meadow-copper-violin"


def sign_in_with_code(page, live_server, email: str, password: str, code: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/sign-in/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    assert_title_starts(page, "Enter your security code")
    assert_accessible(page)
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()


def test_an_agency_administrator_invites_a_school_member_who_onboards_and_signs_in(
    page, browser, live_server
):
    school = AgencyFactory(name="Hillside Primary School", kind=AgencyKind.SCHOOL)
    AssignableRoles.objects.create(agency=school, roles=["practitioner", "partner_viewer"])
    admin = MembershipFactory(agency=school, role=Role.AGENCY_ADMIN).user

    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    page.get_by_role("link", name="Staff", exact=True).click()
    assert_title_starts(page, "Staff")
    assert_accessible(page)
    page.get_by_role("link", name="Invite someone").click()
    assert_title_starts(page, "Invite someone")
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    assert_title_starts(page, "Error: Invite someone")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Grace Mensah")
    page.get_by_label("Email address").fill("Grace.Mensah@hillside.example")
    page.get_by_label("Job title (optional)").fill("Pastoral lead")
    page.get_by_label("Practitioner").check()
    page.get_by_role("button", name="Send invitation").click()
    assert_title_starts(page, "Grace Mensah")
    assert "Invitation sent to grace.mensah@hillside.example" in page.content()
    assert_accessible(page)

    deliver("identity.tasks.invitation_email_send")
    link = re.search(r"http://localhost:8000(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    context = browser.new_context(bypass_csp=True)
    newcomer = context.new_page()
    newcomer.goto(f"{live_server.url}{link}")
    assert_title_starts(newcomer, "Choose a password")
    assert_accessible(newcomer)
    newcomer.get_by_label("New password", exact=True).fill("password1234")
    newcomer.get_by_label("Confirm new password").fill("password1234")
    newcomer.get_by_role("button", name="Continue").click()
    assert_title_starts(newcomer, "Error: Choose a password")
    assert_accessible(newcomer)
    newcomer.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    newcomer.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Continue").click()
    assert_title_starts(newcomer, "Set up your authenticator app")
    assert_accessible(newcomer)
    newcomer.get_by_text("I cannot scan the QR code").click()
    secret = newcomer.locator("[data-secret-key]").inner_text().replace(" ", "")
    newcomer.get_by_label("Code from your authenticator app").fill(code_for_key(secret))
    newcomer.get_by_role("button", name="Continue").click()
    assert_title_starts(newcomer, "Your backup codes")
    assert newcomer.locator("[data-backup-codes] li").count() == 10
    assert_accessible(newcomer)
    newcomer.get_by_role("button", name="I have kept my backup codes").click()
    assert_title_starts(newcomer, "Home")
    assert "Hillside Primary School" in newcomer.content()
    assert_accessible(newcomer)
    newcomer.get_by_role("button", name="Sign out").click()
    newcomer.get_by_role("heading", name="You have signed out").wait_for()

    person = User.objects.get(email="grace.mensah@hillside.example")
    device = person.totpdevice_set.get(confirmed=True)
    sign_in_with_code(newcomer, live_server, person.email, NEW_PASSWORD, totp_code(device))
    assert_title_starts(newcomer, "Home")
    context.close()


def test_a_password_reset_through_the_pages(page, live_server):
    person = MembershipFactory(role=Role.PRACTITIONER).user
    device = give_authenticator(person)
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    assert_title_starts(page, "Reset your password")
    assert_accessible(page)
    page.get_by_label("Email address").fill(person.email)
    page.get_by_role("button", name="Send the link").click()
    assert_title_starts(page, "Check your email")
    assert_accessible(page)

    deliver("identity.tasks.password_reset_email_send")
    link = re.search(r"http://localhost:8000(/password-reset/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    assert_title_starts(page, "Choose a new password")
    assert "set-password" in page.url
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    assert_title_starts(page, "Your password has been reset")
    assert_accessible(page)

    page.goto(f"{live_server.url}{link}")
    assert_title_starts(page, "This link does not work")
    assert_accessible(page)
    sign_in_with_code(page, live_server, person.email, NEW_PASSWORD, totp_code(device))
    assert_title_starts(page, "Home")


def test_the_idle_timeout_warns_and_signs_out_when_ignored(page, live_server, settings):
    settings.SESSION_IDLE_TIMEOUT = 12
    settings.SESSION_IDLE_WARNING = 8
    person = MembershipFactory(role=Role.PRACTITIONER).user
    sign_in(page, live_server, person.email, TEST_PASSWORD)
    assert_title_starts(page, "Home")

    dialog = page.get_by_role("dialog", name="You're about to be signed out")
    dialog.wait_for(timeout=12_000)
    assert "sign you out in" in dialog.inner_text()
    assert page.evaluate("document.activeElement.textContent").strip() == "Stay signed in"
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    assert page.url.endswith("/")

    dialog.wait_for(timeout=12_000)
    page.get_by_role("heading", name="You have signed out").wait_for(timeout=15_000)
    assert "had not used the service for 12 seconds" in page.content()
    assert_accessible(page)
    page.goto(f"{live_server.url}/my-cases/")
    assert_title_starts(page, "Sign in")


@pytest.fixture
def provider_for_browser(live_server, django_db_blocker, settings) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    callback = f"{live_server.url}/sign-in/organisation/callback/"
    with django_db_blocker.unblock(), running_provider([callback]) as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        yield provider


def test_signing_in_through_the_councils_identity_provider(page, live_server, provider_for_browser):
    MembershipFactory(role=Role.PRACTITIONER, user__email="mfa.user@council.example")
    page.goto(f"{live_server.url}/my-cases/")
    assert_title_starts(page, "Sign in")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with Northborough Council account").click()
    page.get_by_label("Username").fill("mfa.user")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in to the council").click()
    assert_title_starts(page, "My cases")
    assert page.url == f"{live_server.url}/my-cases/"
    assert_accessible(page)

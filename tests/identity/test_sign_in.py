"""Signing in: the password, then the second factor; errors in the GOV.UK voice."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cases.models.audit import AuditAction, AuditEntry
from identity.models import UserSession
from tests.identity.sessions import give_authenticator, password_only_client, totp_code
from tests.partners.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("sign-in"), {"username": email, "password": password})


def test_the_password_leads_to_the_second_factor_and_the_code_to_home_with_agencies_and_roles():
    membership = MembershipFactory()
    device = give_authenticator(membership.user)
    client = Client()

    response = sign_in(client, membership.user.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("second-factor")

    response = client.post(reverse("second-factor"), {"code": totp_code(device)})
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    page = home.content.decode()
    assert membership.user.full_name in page
    assert membership.agency.name in page
    assert membership.get_role_display() in page
    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).latest("id")
    assert entry.user == membership.user
    assert entry.detail["second_factor"] == "totp"


def test_someone_without_an_authenticator_is_sent_to_set_one_up():
    membership = MembershipFactory()
    client = password_only_client(membership.user)
    response = client.get(reverse("second-factor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor-set-up"))


def test_email_is_accepted_in_any_case():
    membership = MembershipFactory()
    response = sign_in(Client(), membership.user.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302


def test_a_wrong_password_shows_an_error_keeps_the_email_and_is_audited():
    membership = MembershipFactory()
    response = sign_in(Client(), membership.user.email, "not-the-password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page
    assert f'value="{membership.user.email}"' in page
    assert "<title>Error: Sign in" in page
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert failed.detail["email"] == membership.user.email
    assert failed.object_id == str(membership.user.pk)


def test_a_wrong_security_code_is_refused_and_audited():
    membership = MembershipFactory()
    give_authenticator(membership.user)
    client = password_only_client(membership.user)
    response = client.post(reverse("second-factor"), {"code": "000000"})
    assert response.status_code == 200
    assert "Enter a correct security code" in response.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("second-factor"))
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert failed.detail["stage"] == "second_factor"


def test_empty_fields_get_messages_beside_each_field():
    response = sign_in(Client(), "", "")
    page = response.content.decode()
    assert "Enter your email address" in page
    assert "Enter your password" in page
    assert 'id="id_username-error"' in page
    assert 'id="id_password-error"' in page


def test_signing_out_ends_the_session(signed_in_client):
    membership = MembershipFactory()
    client = signed_in_client(membership.user)
    response = client.post(reverse("sign-out"))
    assert response.status_code == 200
    assert "You have signed out" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_signed_out_visitors_are_sent_to_sign_in_and_back_afterwards():
    membership = MembershipFactory()
    device = give_authenticator(membership.user)
    client = Client()
    response = client.get(reverse("my-cases"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))

    response = client.post(
        response["Location"],
        {"username": membership.user.email, "password": TEST_PASSWORD, "next": "/my-cases/"},
    )
    assert response["Location"] == f"{reverse('second-factor')}?next=%2Fmy-cases%2F"
    response = client.post(response["Location"], {"code": totp_code(device)})
    assert response["Location"] == "/my-cases/"


def test_pages_for_signed_in_users_are_never_cached(signed_in_client):
    client = signed_in_client(MembershipFactory().user)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]


def test_the_session_cookie_holds_only_a_random_key(settings):
    membership = MembershipFactory()
    client = password_only_client(membership.user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert settings.SESSION_ENGINE == "identity.session_store"
    assert re.fullmatch(r"[a-z0-9]{32}", cookie)  # Django's random session key, nothing else
    assert UserSession.objects.filter(session_key=cookie, user=membership.user).exists()
    assert client.cookies[settings.SESSION_COOKIE_NAME]["httponly"]

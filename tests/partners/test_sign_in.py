import pytest
from django.test import Client
from django.urls import reverse

from tests.partners.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("sign-in"), {"username": email, "password": password})


def test_signing_in_with_the_right_password_goes_to_home_which_shows_agencies_and_roles():
    membership = MembershipFactory()
    client = Client()

    response = sign_in(client, membership.user.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")

    home = client.get(reverse("home"))
    assert home.status_code == 200
    page = home.content.decode()
    assert membership.user.full_name in page
    assert membership.agency.name in page
    assert membership.get_role_display() in page


def test_email_is_accepted_in_any_case():
    membership = MembershipFactory()
    response = sign_in(Client(), membership.user.email.upper(), TEST_PASSWORD)
    assert response.status_code == 302


def test_a_wrong_password_shows_an_error_and_keeps_the_email():
    membership = MembershipFactory()
    response = sign_in(Client(), membership.user.email, "not-the-password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page
    assert f'value="{membership.user.email}"' in page
    assert "<title>Error: Sign in" in page


def test_empty_fields_get_messages_beside_each_field():
    response = sign_in(Client(), "", "")
    page = response.content.decode()
    assert "Enter your email address" in page
    assert "Enter your password" in page
    assert 'id="id_username-error"' in page
    assert 'id="id_password-error"' in page


def test_signing_out_ends_the_session():
    membership = MembershipFactory()
    client = Client()
    sign_in(client, membership.user.email, TEST_PASSWORD)

    response = client.post(reverse("sign-out"))
    assert response.status_code == 200
    assert "You have signed out" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_signed_out_visitors_are_sent_to_sign_in_and_back_afterwards():
    membership = MembershipFactory()
    client = Client()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))

    response = client.post(
        response["Location"],
        {"username": membership.user.email, "password": TEST_PASSWORD, "next": "/"},
    )
    assert response["Location"] == "/"


def test_five_failed_attempts_lock_the_account_even_with_the_right_password():
    membership = MembershipFactory()
    client = Client()
    for _ in range(5):
        sign_in(client, membership.user.email, "wrong-password")

    response = sign_in(client, membership.user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()


def test_pages_for_signed_in_users_are_never_cached():
    membership = MembershipFactory()
    client = Client()
    sign_in(client, membership.user.email, TEST_PASSWORD)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]

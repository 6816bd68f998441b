"""Single sign-on with OpenID Connect, against a real provider running on loopback
(django-oauth-toolkit in its own process and database: tests/identity/oidc_provider)."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from cases.models.audit import AuditAction, AuditEntry
from partners.models import User
from partners.roles import Role
from tests.identity.oidc_provider.server import PASSWORD
from tests.identity.sessions import give_authenticator, totp_code
from tests.partners.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def through_the_provider(client: Client, username: str, next_url: str = "/my-cases/"):  # type: ignore[no-untyped-def]
    """Start at the service, sign in at the provider as a browser would, and come back."""
    start = client.get(reverse("sign-in-sso"), {"next": next_url})
    assert start.status_code == 302
    provider = requests.Session()
    answer = provider.get(start["Location"], allow_redirects=False, timeout=10)
    login_url = urljoin(start["Location"], answer.headers["Location"])
    form = provider.get(login_url, timeout=10)
    assert form.status_code == 200
    answer = provider.post(
        login_url,
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": provider.cookies["provider_csrftoken"],
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        },
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, (answer.status_code, answer.text[:300])
    authorize = urljoin(login_url, answer.headers["Location"])
    answer = provider.get(authorize, allow_redirects=False, timeout=10)
    back = answer.headers["Location"]
    assert back.startswith("http://testserver/sign-in/organisation/callback/"), back
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


def test_single_sign_on_is_offered_on_the_sign_in_page_only_when_set_up(single_sign_on, settings):
    page = Client().get(reverse("sign-in")).content.decode()
    assert "Sign in with Northborough Council account" in page
    settings.OIDC_RP_CLIENT_ID = ""
    assert "Northborough Council account" not in Client().get(reverse("sign-in")).content.decode()


def test_a_provider_asserting_multi_factor_signs_in_without_our_second_factor(single_sign_on):
    person = MembershipFactory(role=Role.PRACTITIONER, user__email="mfa.user@council.example").user
    client = Client()
    response = through_the_provider(client, "mfa.user")
    assert response.status_code == 302
    assert response["Location"] == "/my-cases/"
    assert client.get("/my-cases/").status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.SIGN_IN)
    assert entry.user == person
    assert entry.detail["first_factor"] == "sso" and entry.detail["second_factor"] == "sso"


def test_without_multi_factor_from_the_provider_our_second_factor_is_asked(single_sign_on):
    person = MembershipFactory(
        role=Role.PRACTITIONER, user__email="plain.user@council.example"
    ).user
    device = give_authenticator(person)
    client = Client()
    response = through_the_provider(client, "plain.user")
    assert response["Location"].startswith(reverse("second-factor"))
    assert client.get("/my-cases/")["Location"].startswith(reverse("second-factor"))
    client.post(response["Location"], {"code": totp_code(device)})
    assert client.get("/my-cases/").status_code == 200


def test_nobody_is_created_by_single_sign_on(single_sign_on):
    client = Client()
    response = through_the_provider(client, "stranger")
    assert response["Location"] == reverse("sign-in-sso-failed")
    assert not User.objects.filter(email="stranger@council.example").exists()
    assert client.get("/my-cases/").status_code == 302
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert failed.detail["stage"] == "single_sign_on"
    assert failed.reason == "no account here has this email address"


def test_an_unverified_email_is_not_matched(single_sign_on):
    MembershipFactory(user__email="unverified.user@council.example")
    response = through_the_provider(Client(), "unverified.user")
    assert response["Location"] == reverse("sign-in-sso-failed")
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert "verified" in failed.reason


def test_a_closed_account_is_not_signed_in(single_sign_on):
    person = MembershipFactory(user__email="mfa.user@council.example").user
    User.objects.filter(pk=person.pk).update(is_active=False)
    response = through_the_provider(Client(), "mfa.user")
    assert response["Location"] == reverse("sign-in-sso-failed")


def test_confirming_it_is_you_goes_back_to_the_provider_and_asks_our_code_if_needed(
    single_sign_on, settings
):
    import time

    from earlyhelp.sign_in_state import FIRST_FACTOR_AT, SECOND_FACTOR_AT

    person = MembershipFactory(role=Role.MANAGER, user__email="plain.user@council.example").user
    person.set_unusable_password()
    person.save()
    device = give_authenticator(person)
    client = Client()
    response = through_the_provider(client, "plain.user")
    client.post(response["Location"], {"code": totp_code(device)})
    session = client.session
    session[FIRST_FACTOR_AT] = session[SECOND_FACTOR_AT] = time.time() - 20 * 60
    session.save()

    confirm = client.get(reverse("scorecard-csv"))["Location"]
    page = client.get(confirm).content.decode()
    assert "sign in with Northborough Council account again" in page
    back = through_the_provider(client, "plain.user", next_url=reverse("scorecard-csv"))
    assert "again=1" in back["Location"]
    assert client.get(reverse("scorecard-csv"))["Location"].startswith(reverse("reauthenticate"))
    done = client.post(back["Location"], {"code": totp_code(device), "again": "1"})
    assert done["Location"] == reverse("scorecard-csv")
    assert client.get(reverse("scorecard-csv")).status_code == 200

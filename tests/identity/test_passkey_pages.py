"""The passkey pages: adding, listing and removing passkeys from your account, and using
one at the second-factor step and to confirm it is you. The software authenticator
answers the options each page puts in its JSON block."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp_webauthn.models import WebAuthnCredential

from cases.models.audit import AuditAction, AuditEntry
from earlyhelp.sign_in_state import SECOND_FACTOR
from partners.roles import Role
from tests.identity.authenticator import SoftwarePasskey
from tests.identity.sessions import give_authenticator, password_only_client, totp_code
from tests.partners.factories import TEST_PASSWORD, member

pytestmark = pytest.mark.django_db


def page_options(response) -> dict:  # type: ignore[no-untyped-def]
    found = re.search(
        r'<script id="passkey-options" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "the page offers no passkey"
    return json.loads(found.group(1))


def new_authenticator(settings) -> SoftwarePasskey:  # type: ignore[no-untyped-def]
    return SoftwarePasskey(origin=settings.WEBAUTHN_ORIGIN, rp_id=settings.WEBAUTHN_RP_ID)


@pytest.fixture
def person():  # type: ignore[no-untyped-def]
    user = member(Role.PRACTITIONER)
    give_authenticator(user)
    return user


def add_through_pages(client: Client, authenticator: SoftwarePasskey, name: str = "Work laptop"):  # type: ignore[no-untyped-def]
    page = client.get(reverse("passkey-add"))
    assert page.status_code == 200
    return client.post(
        reverse("passkey-add"),
        {"name": name, "credential": authenticator.create(page_options(page))},
    )


def test_someone_adds_a_passkey_from_their_account_and_sees_it_listed(person, settings):
    client = Client()
    client.force_login(person)
    assert "Add a passkey" in client.get(reverse("account")).content.decode()
    response = add_through_pages(client, new_authenticator(settings))
    assert response.status_code == 302 and response["Location"] == reverse("passkeys")
    listing = client.get(reverse("passkeys")).content.decode()
    assert "Work laptop" in listing and "Passkey added: Work laptop" in listing
    assert WebAuthnCredential.objects.get(user=person).name == "Work laptop"
    assert "1 added" in client.get(reverse("account")).content.decode()


def test_the_name_is_asked_for_beside_its_field_and_nothing_is_added(person, settings):
    client = Client()
    client.force_login(person)
    page = client.get(reverse("passkey-add"))
    answer = new_authenticator(settings).create(page_options(page))
    response = client.post(reverse("passkey-add"), {"name": "", "credential": answer})
    assert response.status_code == 200
    assert "Enter a name for the passkey" in response.content.decode()
    assert "<title>Error: Add a passkey" in response.content.decode()
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_made_for_another_site_is_refused_with_an_error(person, settings):
    client = Client()
    client.force_login(person)
    page = client.get(reverse("passkey-add"))
    answer = new_authenticator(settings).create(page_options(page), origin="https://evil.example")
    response = client.post(reverse("passkey-add"), {"name": "Laptop", "credential": answer})
    assert response.status_code == 200
    assert "Your passkey could not be added" in response.content.decode()
    assert not WebAuthnCredential.objects.exists()


def test_adding_a_passkey_asks_to_confirm_it_is_you_when_sign_in_was_long_ago(person, settings):
    client = Client()
    client.force_login(person)
    session = client.session
    session["sign_in.second_factor_at"] = 0
    session.save()
    response = client.get(reverse("passkey-add"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauthenticate"))


def test_adding_a_passkey_needs_an_authenticator_app_first():
    user = member(Role.PRACTITIONER)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("passkey-add"))
    assert response.status_code == 302
    assert (
        "Set up an authenticator app before you add a passkey"
        in client.get(reverse("passkeys")).content.decode()
    )


def test_signing_in_with_password_and_passkey(person, settings):
    authenticator = new_authenticator(settings)
    first = Client()
    first.force_login(person)
    add_through_pages(first, authenticator)

    client = password_only_client(person)
    page = client.get(reverse("second-factor"))
    assert "Use a passkey" in page.content.decode()
    assert client.get(reverse("my-cases")).status_code == 302
    response = client.post(
        reverse("second-factor"), {"credential": authenticator.get(page_options(page))}
    )
    assert response.status_code == 302
    assert client.session[SECOND_FACTOR] == "passkey"
    assert client.get(reverse("my-cases")).status_code == 200
    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).latest("pk")
    assert entry.detail["second_factor"] == "passkey"
    assert entry.detail["device"] == "Work laptop"


def test_a_refused_passkey_at_sign_in_is_an_error_and_a_failure_on_the_record(person, settings):
    authenticator = new_authenticator(settings)
    first = Client()
    first.force_login(person)
    add_through_pages(first, authenticator)

    client = password_only_client(person)
    page = client.get(reverse("second-factor"))
    wrong = authenticator.get(page_options(page), origin="https://evil.example")
    response = client.post(reverse("second-factor"), {"credential": wrong})
    assert response.status_code == 200
    assert "Your passkey could not be used" in response.content.decode()
    assert "<title>Error: Enter your security code" in response.content.decode()
    assert client.get(reverse("my-cases")).status_code == 302
    failure = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).latest("pk")
    assert failure.reason == "passkey not accepted"


def test_an_answer_cannot_be_sent_twice(person, settings):
    authenticator = new_authenticator(settings)
    first = Client()
    first.force_login(person)
    add_through_pages(first, authenticator)

    client = password_only_client(person)
    answer = authenticator.get(page_options(client.get(reverse("second-factor"))))
    thief = password_only_client(person)
    thief.get(reverse("second-factor"))
    assert thief.post(reverse("second-factor"), {"credential": answer}).status_code == 200
    assert client.post(reverse("second-factor"), {"credential": answer}).status_code == 302
    again = password_only_client(person)
    again.get(reverse("second-factor"))
    assert again.post(reverse("second-factor"), {"credential": answer}).status_code == 200


def test_the_second_factor_page_offers_no_passkey_to_someone_without_one(person):
    client = password_only_client(person)
    page = client.get(reverse("second-factor")).content.decode()
    assert "passkey-options" not in page and "Use a passkey" not in page


def test_a_passkey_confirms_it_is_you_with_the_password(person, settings):
    authenticator = new_authenticator(settings)
    client = Client()
    client.force_login(person)
    add_through_pages(client, authenticator)
    page = client.get(reverse("reauthenticate"), {"next": reverse("passkeys")})
    answer = authenticator.get(page_options(page))
    wrong_password = client.post(
        reverse("reauthenticate"), {"password": "not-the-password", "credential": answer}
    )
    assert "Your password is not right" in wrong_password.content.decode()
    page = client.get(reverse("reauthenticate"), {"next": reverse("passkeys")})
    response = client.post(
        reverse("reauthenticate"),
        {
            "password": TEST_PASSWORD,
            "credential": authenticator.get(page_options(page)),
            "next": reverse("passkeys"),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("passkeys")
    entry = AuditEntry.objects.filter(action=AuditAction.SIGN_IN).latest("pk")
    assert entry.detail["second_factor"] == "passkey"
    assert entry.reason == "confirmed identity for a sensitive action"


def test_confirming_it_is_you_still_takes_a_code(person):
    client = Client()
    client.force_login(person)
    empty = client.post(reverse("reauthenticate"), {"password": TEST_PASSWORD})
    assert "Enter your security code" in empty.content.decode()
    device = give_authenticator(person)
    response = client.post(
        reverse("reauthenticate"), {"password": TEST_PASSWORD, "code": totp_code(device)}
    )
    assert response.status_code == 302


def test_removing_a_passkey_from_the_account_is_audited(person, settings):
    client = Client()
    client.force_login(person)
    add_through_pages(client, new_authenticator(settings))
    device = WebAuthnCredential.objects.get(user=person)
    confirm = client.get(reverse("passkey-remove", args=[device.pk]))
    assert "Remove the passkey Work laptop" in confirm.content.decode()
    response = client.post(reverse("passkey-remove", args=[device.pk]))
    assert response["Location"] == reverse("passkeys")
    assert not WebAuthnCredential.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.SECOND_FACTOR_REMOVED).count() == 1


def test_nobody_sees_or_removes_another_persons_passkey(person, settings):
    owner = Client()
    owner.force_login(person)
    add_through_pages(owner, new_authenticator(settings))
    device = WebAuthnCredential.objects.get(user=person)
    other = member(Role.PRACTITIONER)
    client = Client()
    client.force_login(other)
    assert client.get(reverse("passkey-remove", args=[device.pk])).status_code == 404
    assert client.post(reverse("passkey-remove", args=[device.pk])).status_code == 404
    assert "Work laptop" not in client.get(reverse("passkeys")).content.decode()
    assert WebAuthnCredential.objects.filter(pk=device.pk).exists()


def test_the_passkey_pages_query_a_fixed_number_of_times(
    person, settings, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    for name in ("One", "Two", "Three"):
        add_through_pages(client, new_authenticator(settings), name)
    with django_assert_max_num_queries(12):
        listing = client.get(reverse("passkeys"))
    assert listing.content.decode().count("Remove<span") == 3


def test_the_browser_may_use_passkeys_for_this_origin_only():
    policy = Client().get(reverse("sign-in"))["Permissions-Policy"]
    assert "publickey-credentials-get=(self)" in policy
    assert "publickey-credentials-create=(self)" in policy


def test_adding_using_and_removing_a_passkey_show_on_the_security_events_page(person, settings):
    authenticator = new_authenticator(settings)
    owner = Client()
    owner.force_login(person)
    add_through_pages(owner, authenticator, "Blue key")
    client = password_only_client(person)
    page = client.get(reverse("second-factor"))
    client.post(reverse("second-factor"), {"credential": authenticator.get(page_options(page))})
    device = WebAuthnCredential.objects.get(user=person)
    owner.post(reverse("passkey-remove", args=[device.pk]))

    admin = Client()
    admin.force_login(member(Role.SYSTEM_ADMIN))
    events = admin.get(reverse("security-events"), {"email": person.email}).content.decode()
    assert "Second factor set up" in events and "passkey; named Blue key" in events
    assert "second factor: passkey; named Blue key" in events
    assert "Second factor removed" in events
    removed = admin.get(reverse("security-events"), {"action": "mfa_removed"}).content.decode()
    assert "1 event" in removed

"""Passwords as the NCSC advises, a reset that never says whether an account exists and
whose link works once and expires, and changing your own password."""

import datetime as dt
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.models.audit import AuditAction, AuditEntry
from earlyhelp.models import OutboxMessage
from identity.models import UserSession
from identity.passwords import DENY_LIST, deny_list
from partners.roles import Role
from tests.identity.outbox import deliver
from tests.identity.sessions import give_authenticator, password_only_client, totp_code
from tests.partners.factories import TEST_PASSWORD, member

pytestmark = pytest.mark.django_db

RESET_TASK = "identity.tasks.password_reset_email_send"
NEW_PASSWORD = "walnut-harbour-cinema"


@pytest.mark.parametrize(
    "password",
    [
        "short-one",  # 9 characters
        "qwertyuiop123",  # on the list
        "Password2024!!",  # a listed password with digits and symbols around it
        "123monkey123456",
        "dragondragondragon",  # a listed password over and over
        "Northborough2026",  # the council's own name
        "earlyhelp123456",  # the service's
    ],
)
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", ["walnut-harbour-cinema", "correct horse battery", "Tr4mpoline!sky"]
)
def test_long_uncommon_passwords_are_accepted_without_composition_rules(password):
    validate_password(password)


def test_the_deny_list_ships_with_the_project_and_holds_breached_passwords():
    assert DENY_LIST.exists()
    listed = deny_list()
    assert len(listed) > 30_000
    assert {"123456", "password", "qwertyuiop", "1qaz2wsx3edc"} <= listed


def test_passwords_never_expire(signed_in_client):
    person = member(Role.PRACTITIONER)
    type(person).objects.filter(pk=person.pk).update(
        date_joined=person.date_joined - dt.timedelta(days=3 * 365)
    )
    device = give_authenticator(person)
    client = password_only_client(person)
    response = client.post(reverse("second-factor"), {"code": totp_code(device)})
    assert response["Location"] == reverse("home")


def ask_for_reset(email: str):  # type: ignore[no-untyped-def]
    return Client().post(reverse("password-reset"), {"email": email})


def test_asking_for_a_reset_answers_the_same_whether_or_not_the_account_exists():
    person = member(Role.PRACTITIONER)
    known = ask_for_reset(person.email.upper())
    unknown = ask_for_reset("nobody@nowhere.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password-reset-sent")
    assert OutboxMessage.objects.filter(task=RESET_TASK).count() == 1
    deliver(RESET_TASK)
    assert [m.to for m in mail.outbox] == [[person.email]]
    requested = AuditEntry.objects.filter(action=AuditAction.RESET_REQUESTED)
    assert sorted(e.detail["account_found"] for e in requested) == [False, True]


def test_no_email_goes_to_a_closed_account():
    person = member(Role.PRACTITIONER)
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert ask_for_reset(person.email).status_code == 302
    assert not OutboxMessage.objects.filter(task=RESET_TASK).exists()


def reset_link() -> str:
    deliver(RESET_TASK)
    return re.search(r"http://localhost:8000(/password-reset/\S+/)", mail.outbox[-1].body).group(1)


def test_the_link_sets_a_new_password_once_and_ends_every_session(signed_in_client):
    person = member(Role.PRACTITIONER)
    elsewhere = signed_in_client(person)
    ask_for_reset(person.email)
    link = reset_link()
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]
    assert "set-password" in form_url  # the token left the address
    too_common = browser.post(
        form_url, {"new_password1": "password123456", "new_password2": "password123456"}
    )
    assert "This password is too common" in too_common.content.decode()
    done = browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("password-reset-complete")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert elsewhere.get(reverse("home")).status_code == 302
    assert not UserSession.objects.filter(user=person).exists()
    assert AuditEntry.objects.filter(action=AuditAction.PASSWORD_RESET).count() == 1

    again = Client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()
    assert person.check_password(NEW_PASSWORD)


def test_an_expired_reset_link_is_refused(settings, monkeypatch):
    from django.contrib.auth.tokens import default_token_generator

    person = member(Role.PRACTITIONER)
    ask_for_reset(person.email)
    link = reset_link()
    later = default_token_generator._now() + dt.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 1
    )
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    page = Client().get(link, follow=True).content.decode()
    assert "This link does not work" in page


def test_after_a_reset_the_second_factor_is_still_asked_for():
    person = member(Role.PRACTITIONER)
    give_authenticator(person)
    ask_for_reset(person.email)
    browser = Client()
    form_url = browser.get(reset_link(), follow=True).redirect_chain[-1][0]
    browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client = password_only_client(person, password=NEW_PASSWORD)
    assert client.get(reverse("my-cases"))["Location"].startswith(reverse("second-factor"))


def test_changing_your_own_password_signs_you_out_everywhere_else(signed_in_client):
    person = member(Role.PRACTITIONER)
    elsewhere = signed_in_client(person)
    here = signed_in_client(person)
    wrong = here.post(
        reverse("password-change"),
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert "Your current password is not right" in wrong.content.decode()
    response = here.post(
        reverse("password-change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == reverse("account")
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.PASSWORD_CHANGED).count() == 1

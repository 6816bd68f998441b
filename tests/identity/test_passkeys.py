"""Passkeys as a second factor: adding one, using it, and what is refused, with real
ES256 signatures from a software authenticator (tests/identity/authenticator.py)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from cases.models.audit import AuditAction, AuditEntry
from earlyhelp.errors import ApplicationError
from identity.services import passkeys
from identity.services.second_factor import second_factors_remove
from partners.roles import Role
from tests.identity.authenticator import SoftwarePasskey
from tests.identity.sessions import give_authenticator
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

RP_ID = "earlyhelp.example"
ORIGIN = "https://earlyhelp.example"


@pytest.fixture(autouse=True)
def _relying_party(settings):  # type: ignore[no-untyped-def]
    settings.WEBAUTHN_RP_ID = RP_ID
    settings.WEBAUTHN_ORIGIN = ORIGIN


@pytest.fixture
def person():  # type: ignore[no-untyped-def]
    user = member(Role.PRACTITIONER)
    give_authenticator(user)
    return user


def add_passkey(user, name: str = "Work laptop") -> tuple[SoftwarePasskey, WebAuthnCredential]:  # type: ignore[no-untyped-def]
    authenticator = SoftwarePasskey(origin=ORIGIN, rp_id=RP_ID)
    ceremony = passkeys.registration_begin(user=user)
    device = passkeys.registration_complete(
        user=user,
        state=ceremony.state,
        response_json=authenticator.create(ceremony.options),
        name=name,
    )
    return authenticator, device


def use_passkey(user, authenticator: SoftwarePasskey, **answer) -> WebAuthnCredential | None:  # type: ignore[no-untyped-def]
    ceremony = passkeys.authentication_begin(user=user)
    assert ceremony is not None
    return passkeys.authentication_complete(
        user=user, state=ceremony.state, response_json=authenticator.get(ceremony.options, **answer)
    )


def test_a_passkey_is_added_with_its_name_and_the_addition_is_audited(person):
    _, device = add_passkey(person, "  Work   laptop ")
    assert device.name == "Work laptop"
    assert device.confirmed and device.user == person
    assert [d.pk for d in passkeys.passkeys_of(user=person)] == [device.pk]
    entry = AuditEntry.objects.get(action=AuditAction.SECOND_FACTOR_SET_UP)
    assert entry.detail["kind"] == "passkey"
    assert entry.detail["device"] == "Work laptop"
    assert entry.detail["email"] == person.email


def test_the_options_name_the_relying_party_and_exclude_passkeys_already_added(person):
    add_passkey(person)
    options = passkeys.registration_begin(user=person).options
    assert options["rp"]["id"] == RP_ID
    assert len(options["excludeCredentials"]) == 1


def test_only_someone_with_an_authenticator_app_can_add_a_passkey():
    user = member(Role.PRACTITIONER)
    with pytest.raises(ApplicationError, match="authenticator app"):
        passkeys.registration_begin(user=user)


def test_a_passkey_needs_a_name(person):
    authenticator = SoftwarePasskey(origin=ORIGIN, rp_id=RP_ID)
    ceremony = passkeys.registration_begin(user=person)
    with pytest.raises(ApplicationError, match="Enter a name"):
        passkeys.registration_complete(
            user=person,
            state=ceremony.state,
            response_json=authenticator.create(ceremony.options),
            name="  ",
        )
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_created_for_another_origin_is_refused(person):
    authenticator = SoftwarePasskey(origin=ORIGIN, rp_id=RP_ID)
    ceremony = passkeys.registration_begin(user=person)
    with pytest.raises(ApplicationError, match="could not be added"):
        passkeys.registration_complete(
            user=person,
            state=ceremony.state,
            response_json=authenticator.create(ceremony.options, origin="https://evil.example"),
            name="Phish",
        )
    assert not WebAuthnCredential.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.SECOND_FACTOR_SET_UP).exists()


def test_an_answer_to_a_different_challenge_is_refused(person):
    authenticator = SoftwarePasskey(origin=ORIGIN, rp_id=RP_ID)
    first = passkeys.registration_begin(user=person)
    second = passkeys.registration_begin(user=person)
    with pytest.raises(ApplicationError):
        passkeys.registration_complete(
            user=person,
            state=second.state,
            response_json=authenticator.create(first.options),
            name="Laptop",
        )


def test_garbage_instead_of_an_answer_is_refused_not_an_error(person):
    ceremony = passkeys.registration_begin(user=person)
    for garbage in ("", "null", "[]", '{"id": "x"}', "not json"):
        with pytest.raises(ApplicationError):
            passkeys.registration_complete(
                user=person, state=ceremony.state, response_json=garbage, name="Laptop"
            )
    state = {"challenge": "x", "require_user_verification": False}
    assert passkeys.authentication_complete(user=person, state=state, response_json="{}") is None


def test_a_passkey_signs_in_and_its_sign_count_is_kept(person):
    authenticator, device = add_passkey(person)
    used = use_passkey(person, authenticator)
    assert used is not None and used.pk == device.pk
    device.refresh_from_db()
    assert device.sign_count == 1
    assert device.last_used_at is not None
    assert use_passkey(person, authenticator) is not None
    device.refresh_from_db()
    assert device.sign_count == 2


def test_a_sign_count_that_did_not_go_up_is_refused_as_a_cloned_passkey(person):
    authenticator, device = add_passkey(person)
    assert use_passkey(person, authenticator, sign_count=5) is not None
    assert use_passkey(person, authenticator, sign_count=5) is None
    assert use_passkey(person, authenticator, sign_count=3) is None
    device.refresh_from_db()
    assert device.sign_count == 5


def test_the_same_answer_replayed_is_refused(person):
    authenticator, _ = add_passkey(person)
    ceremony = passkeys.authentication_begin(user=person)
    assert ceremony is not None
    answer = authenticator.get(ceremony.options)
    assert (
        passkeys.authentication_complete(user=person, state=ceremony.state, response_json=answer)
        is not None
    )
    assert (
        passkeys.authentication_complete(user=person, state=ceremony.state, response_json=answer)
        is None
    )


def test_an_answer_for_another_origin_is_refused(person):
    authenticator, _ = add_passkey(person)
    assert use_passkey(person, authenticator, origin="https://evil.example") is None


def test_someone_elses_passkey_is_refused(person):
    other = member(Role.PRACTITIONER)
    give_authenticator(other)
    theirs, _ = add_passkey(other)
    add_passkey(person)
    ceremony = passkeys.authentication_begin(user=person)
    assert ceremony is not None
    assert (
        passkeys.authentication_complete(
            user=person, state=ceremony.state, response_json=theirs.get(ceremony.options)
        )
        is None
    )


def test_a_missing_state_is_refused(person):
    authenticator, _ = add_passkey(person)
    ceremony = passkeys.authentication_begin(user=person)
    assert ceremony is not None
    answer = authenticator.get(ceremony.options)
    assert passkeys.authentication_complete(user=person, state=None, response_json=answer) is None


def test_someone_without_passkeys_is_not_asked_for_one(person):
    assert passkeys.authentication_begin(user=person) is None


def test_removing_a_passkey_stops_it_working_and_is_audited(person):
    _, device = add_passkey(person)
    assert passkeys.passkey_remove(user=person, passkey_id=device.pk) == "Work laptop"
    assert not WebAuthnCredential.objects.filter(pk=device.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.SECOND_FACTOR_REMOVED)
    assert entry.detail == {
        "email": person.email,
        "kind": "passkey",
        "device": "Work laptop",
    }
    assert passkeys.authentication_begin(user=person) is None


def test_nobody_removes_another_persons_passkey(person):
    other = member(Role.PRACTITIONER)
    give_authenticator(other)
    _, theirs = add_passkey(other)
    with pytest.raises(ApplicationError):
        passkeys.passkey_remove(user=person, passkey_id=theirs.pk)
    assert WebAuthnCredential.objects.filter(pk=theirs.pk).exists()


def test_a_second_factor_reset_removes_passkeys_too(person):
    add_passkey(person)
    assert second_factors_remove(user=person) == 2  # the app and the passkey
    assert not WebAuthnCredential.objects.filter(user=person).exists()
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()

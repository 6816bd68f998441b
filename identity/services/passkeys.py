"""Passkeys (WebAuthn) as a second factor beside the authenticator app.

django-otp-webauthn keeps each passkey as one more django-otp device
(`WebAuthnCredential`) and wraps py_webauthn for the two ceremonies; this module puts
the service's rules around them. A passkey is a second factor only, never a way in
without the password, and only someone who has set up an authenticator app can add one
(so a lost passkey never locks anyone out, and backup codes stay the way back in).

Each ceremony has two halves. `*_begin` gives the options for the browser's
`navigator.credentials.create()` or `.get()` and the state (its one-time challenge) that
the caller keeps in the session; `*_complete` takes the browser's answer, as JSON, with
that state, which the caller must have removed from the session first so it can never
be answered twice. The relying party (WEBAUTHN_RP_ID) and the origin the browser must
report (WEBAUTHN_ORIGIN) are read from settings at each ceremony.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django_otp_webauthn.exceptions import OTPWebAuthnApiError
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers.exceptions import WebAuthnException

from earlyhelp.errors import ApplicationError
from identity import events
from identity.services.second_factor import has_second_factor

logger = logging.getLogger(__name__)

NAME_MAX_LENGTH = 64
KIND = "passkey"


@dataclass(frozen=True)
class Ceremony:
    options: dict[str, Any]  # for the browser
    state: dict[str, Any]  # for the session, until the browser answers


class _Helper(WebAuthnHelper):
    """The library's helper with the relying party taken from our own settings, and the
    name the person chose put on the passkey before it is saved."""

    def __init__(self, name: str = "") -> None:
        super().__init__(request=None)  # type: ignore[arg-type]
        self.passkey_name = name

    def get_relying_party_domain(self) -> str:
        return str(settings.WEBAUTHN_RP_ID)

    def get_relying_party_name(self) -> str:
        return str(settings.SERVICE_NAME)

    def get_allowed_origins(self) -> list[str]:
        return [str(settings.WEBAUTHN_ORIGIN)]

    def create_credential(self, *args: Any, **kwargs: Any) -> Any:
        device = super().create_credential(*args, **kwargs)
        device.name = self.passkey_name
        return device


_REFUSED = (WebAuthnException, OTPWebAuthnApiError, ValueError, KeyError, TypeError)


def _answer(response_json: str) -> dict[str, Any]:
    try:
        data = json.loads(response_json)
    except (TypeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise ValueError("not a WebAuthn response")
    return data


def passkeys_of(*, user: Any) -> list[WebAuthnCredential]:
    """The person's passkeys, the most recently used first."""
    return list(
        WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by(
            "-last_used_at", "-created_at"
        )
    )


def has_passkey(*, user: Any) -> bool:
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()


def registration_begin(*, user: Any) -> Ceremony:
    if not has_second_factor(user=user):
        raise ApplicationError("Set up an authenticator app before you add a passkey")
    options, state = _Helper().register_begin(user=user)
    return Ceremony(options=options, state=state)


def registration_complete(
    *, user: Any, state: dict[str, Any] | None, response_json: str, name: str
) -> WebAuthnCredential:
    """Check the new passkey's answer against the challenge and keep its public key."""
    name = " ".join(name.split())[:NAME_MAX_LENGTH]
    if not name:
        raise ApplicationError("Enter a name for the passkey", {"name": ["Enter a name"]})
    if not state:
        raise ApplicationError("Start adding the passkey again")
    if not has_second_factor(user=user):
        raise ApplicationError("Set up an authenticator app before you add a passkey")
    try:
        with transaction.atomic():
            device = _Helper(name).register_complete(
                user=user, state=state, data=_answer(response_json)
            )
            events.second_factor_set_up(user=user, kind=KIND, device=name)
    except IntegrityError as error:
        raise ApplicationError("This passkey has been added already") from error
    except _REFUSED as error:
        logger.info("passkey registration refused: %s", error)
        raise ApplicationError(
            "Your passkey could not be added. Try again, or use a different passkey"
        ) from error
    return device  # type: ignore[no-any-return]


def authentication_begin(*, user: Any) -> Ceremony | None:
    """Options asking for one of the person's passkeys, or None if they have none."""
    if not has_passkey(user=user):
        return None
    options, state = _Helper().authenticate_begin(user=user, require_user_verification=False)
    return Ceremony(options=options, state=state)


def authentication_complete(
    *, user: Any, state: dict[str, Any] | None, response_json: str
) -> WebAuthnCredential | None:
    """The passkey that signed this challenge, if it is one of the person's and its
    signature and origin are right; None otherwise.

    The person's passkeys are locked first, so two answers at once are checked one after
    the other against the sign count the first one left (py_webauthn refuses a count
    that did not go up, the sign of a cloned authenticator)."""
    if not state:
        return None
    try:
        with transaction.atomic():
            list(WebAuthnCredential.objects.select_for_update().filter(user=user))
            device = _Helper().authenticate_complete(
                user=user, state=state, data=_answer(response_json)
            )
            if not device.confirmed or not device.user.is_active:
                return None
    except _REFUSED as error:
        logger.info("passkey refused: %s", error)
        return None
    return device  # type: ignore[no-any-return]


@transaction.atomic
def passkey_remove(*, user: Any, passkey_id: int) -> str:
    """Remove one of the person's own passkeys; returns its name."""
    device = WebAuthnCredential.objects.select_for_update().filter(pk=passkey_id, user=user).first()
    if device is None:
        raise ApplicationError("This passkey has been removed already")
    name = device.name
    device.delete()
    events.second_factor_removed(user=user, kind=KIND, device=name)
    return name

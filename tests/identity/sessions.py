"""Sessions for tests: fully signed in, or only through the password.

`Client.force_login` skips the sign-in pages, so in tests it gives what those pages give
after both factors (tests/conftest.py patches it once for the run). Tests of sign-in
itself use `password_only_client`, or sign in through the pages.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.sign_in_state import note_first_factor, note_second_factor
from tests.partners.factories import TEST_PASSWORD

_original_force_login = Client.force_login


def _force_login_fully(self: Client, user: Any, backend: str | None = None) -> None:
    _original_force_login(self, user, backend)
    session = self.session
    note_first_factor(session, method="password")
    note_second_factor(session, method="totp")
    session.save()


@contextlib.contextmanager
def forced_logins_fully_signed_in() -> Iterator[None]:
    Client.force_login = _force_login_fully  # type: ignore[method-assign]
    try:
        yield
    finally:
        Client.force_login = _original_force_login  # type: ignore[method-assign]


def password_only_client(user: Any, password: str = TEST_PASSWORD) -> Client:
    """A client signed in with the password only, through the sign-in page."""
    client = Client()
    response = client.post(reverse("sign-in"), {"username": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"].startswith(reverse("second-factor"))
    return client


def give_authenticator(user: Any) -> TOTPDevice:
    """The person's confirmed authenticator device (made if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def totp_code(device: TOTPDevice, *, key: bytes | None = None) -> str:
    """A code the device will accept now: the current one, or the next if the current
    one was used already (django-otp refuses a code twice)."""
    device.refresh_from_db()
    step = TOTP(key or device.bin_key, device.step, device.t0, device.digits, device.drift)
    step.time = time.time()
    if device.last_t >= step.t():
        if device.last_t >= step.t() + device.tolerance:
            time.sleep(device.step - (time.time() - device.t0) % device.step + 0.1)
            return totp_code(device, key=key)
        step.time += device.step
    return f"{step.token():0{device.digits}d}"


def code_for_key(secret_base32: str) -> str:
    """The current code of an authenticator app holding this key (as on the QR code)."""
    from base64 import b32decode

    return f"{TOTP(b32decode(secret_base32)).token():06d}"

"""Second factors: an authenticator app (TOTP) and single-use backup codes (django-otp),
and passkeys beside them (identity/services/passkeys.py).

Setting one up is two steps: `totp_enrolment_start` makes an unconfirmed device whose
key the person scans from a QR code drawn here on the server (identity/qr.py), and
`totp_enrolment_confirm` confirms it with a code from their app, replaces any earlier
device and gives ten backup codes, shown once. `second_factor_check` accepts a code from
either. django-otp throttles guessing per device (1, 2, 4, 8... seconds after each
failure) and refuses a TOTP code already used.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from earlyhelp.errors import ApplicationError
from identity import events

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def has_second_factor(*, user: Any) -> bool:
    """Has the person set up an authenticator app (so they verify rather than enrol)?"""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backup_codes_left(*, user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def totp_enrolment_start(*, user: Any) -> TOTPDevice:
    """A new, unconfirmed authenticator device (earlier unconfirmed ones are dropped)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def _normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def totp_enrolment_confirm(*, user: Any, device_id: int, code: str) -> list[str]:
    """Confirm the device with a code from the app; returns new backup codes (shown once)."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(pk=device_id, user=user, confirmed=False)
        .first()
    )
    if device is None:
        raise ApplicationError(
            "Start setting up your authenticator app again",
            {"code": ["Start setting up your authenticator app again"]},
        )
    if not device.verify_token(_normalise_code(code)):
        raise ApplicationError(
            "Enter the 6-digit code your authenticator app shows now",
            {"code": ["Enter the 6-digit code your authenticator app shows now"]},
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _backup_codes_replace(user=user)
    events.second_factor_set_up(user=user, kind="totp")
    return codes


def _backup_codes_replace(*, user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


@transaction.atomic
def backup_codes_renew(*, user: Any) -> list[str]:
    """New backup codes; the old ones stop working."""
    if not has_second_factor(user=user):
        raise ApplicationError("Set up an authenticator app first")
    codes = _backup_codes_replace(user=user)
    events.second_factor_set_up(user=user, kind="backup_codes")
    return codes


def second_factor_check(*, user: Any, code: str) -> str | None:
    """The kind of factor a code proves ("totp" or "backup_code"), or None.

    Each device is verified in its own transaction so its throttling and the removal of
    a used backup code are committed whatever happens next.
    """
    code = _normalise_code(code)
    if not code:
        return None
    kinds: list[tuple[type[Any], str]] = [(TOTPDevice, "totp"), (StaticDevice, "backup_code")]
    for model, kind in kinds:
        if kind == "totp" and not code.isdigit():
            continue
        for device in model.objects.filter(user=user, confirmed=True):
            with transaction.atomic():
                locked = model.objects.select_for_update().get(pk=device.pk)
                if locked.verify_token(code):
                    return kind
    return None


@transaction.atomic
def second_factors_remove(*, user: Any) -> int:
    """Remove every second factor of a person, passkeys too (a reset: they set up an app
    at their next sign-in). Returns how many devices went."""
    removed = 0
    for model in (TOTPDevice, StaticDevice, WebAuthnCredential):
        _, per_model = model.objects.filter(user=user).delete()
        removed += per_model.get(model._meta.label, 0)
    return removed

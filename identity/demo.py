"""Demo second factors and onboarding (development only; `seed_demo` and `make run`).

Every demo account gets the same authenticator key, DEMO_TOTP_KEY (a development
setting, printed with the demo logins): add it to any authenticator app, or run
`manage.py demo_code` for the current code. Schools and the council may onboard their
own staff through their agency administrators.
"""

from __future__ import annotations

from base64 import b32decode
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from identity.models import AssignableRoles
from partners.demo import EMAIL_DOMAIN
from partners.models import Agency, User
from partners.roles import AgencyKind, Role

SCHOOL_ROLES = [Role.PRACTITIONER.value, Role.PARTNER_VIEWER.value]
COUNCIL_ROLES = [Role.PRACTITIONER.value, Role.COORDINATOR.value, Role.MANAGER.value]


def demo_key_hex() -> str:
    key = getattr(settings, "DEMO_TOTP_KEY", "")
    return b32decode(key).hex() if key else ""


@transaction.atomic
def ensure_demo_second_factors() -> int:
    """Give every demo account without one the demo authenticator (idempotent)."""
    key = demo_key_hex()
    if not key:
        return 0
    people = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", is_active=True).exclude(
        totpdevice__confirmed=True
    )
    devices = [
        TOTPDevice(user=person, name="Demo authenticator", key=key, confirmed=True)
        for person in people
    ]
    TOTPDevice.objects.bulk_create(devices)
    return len(devices)


@transaction.atomic
def build(**_: Any) -> dict[str, int]:
    for agency in Agency.objects.filter(kind=AgencyKind.SCHOOL):
        AssignableRoles.objects.get_or_create(agency=agency, defaults={"roles": SCHOOL_ROLES})
    for agency in Agency.objects.filter(kind=AgencyKind.COUNCIL_EARLY_HELP):
        AssignableRoles.objects.get_or_create(agency=agency, defaults={"roles": COUNCIL_ROLES})
    return {"second_factors": ensure_demo_second_factors()}

"""Writes about people, agencies and places.

Used by the seed command, the admin pages and (later) the API. Each takes the
acting user where there is one and changes data in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from partners.models import (
    Agency,
    FamilyHub,
    InformationSharingAgreement,
    Membership,
    PostcodeArea,
    User,
    Zone,
)
from partners.roles import AgencyKind, Role


@transaction.atomic
def zone_get_or_create(*, name: str, code: str) -> Zone:
    zone, _ = Zone.objects.get_or_create(code=code, defaults={"name": name})
    return zone


@transaction.atomic
def family_hub_get_or_create(*, name: str, zone: Zone, postcode: str = "") -> FamilyHub:
    hub, _ = FamilyHub.objects.get_or_create(
        name=name, defaults={"zone": zone, "postcode": postcode}
    )
    return hub


@transaction.atomic
def agency_get_or_create(
    *, name: str, kind: AgencyKind | str, zones: Iterable[Zone] = (), email: str = ""
) -> Agency:
    agency, created = Agency.objects.get_or_create(
        name=name, defaults={"kind": kind, "email": email}
    )
    if created and zones:
        agency.zones.set(list(zones))
    return agency


@transaction.atomic
def user_get_or_create(
    *,
    email: str,
    full_name: str,
    job_title: str = "",
    password: str | None = None,
    password_hash: str | None = None,
    is_staff: bool = False,
) -> User:
    """Find a person by email or create them, with a password or an already-made hash."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            job_title=job_title,
            is_staff=is_staff,
        )
        if password_hash:
            user.password = password_hash
            user.save(update_fields=["password"])
    return user


@transaction.atomic
def membership_grant(
    *,
    user: User,
    agency: Agency,
    role: Role | str,
    zone: Zone | None = None,
    family_hub: FamilyHub | None = None,
    started_on: dt.date | None = None,
) -> Membership:
    """Give a person a role in an agency (idempotent for an open membership)."""
    existing = Membership.objects.filter(
        user=user, agency=agency, role=role, ended_on__isnull=True
    ).first()
    if existing:
        return existing
    return Membership.objects.create(
        user=user,
        agency=agency,
        role=role,
        zone=zone,
        family_hub=family_hub,
        started_on=started_on or timezone.localdate(),
    )


@transaction.atomic
def membership_end(*, membership: Membership, ended_on: dt.date | None = None) -> Membership:
    """A person leaves an agency role. Their access through it ends that day."""
    membership.ended_on = ended_on or timezone.localdate()
    membership.save(update_fields=["ended_on"])
    return membership


@transaction.atomic
def postcode_area_set(*, prefix: str, family_hub: FamilyHub) -> PostcodeArea:
    """Say which family hub serves a postcode area (outward code or sector)."""
    area, _ = PostcodeArea.objects.update_or_create(
        prefix=prefix.strip().upper(), defaults={"family_hub": family_hub}
    )
    return area


@transaction.atomic
def sharing_agreement_get_or_create(
    *,
    name: str,
    reference: str,
    agencies: Iterable[Agency],
    valid_from: dt.date,
    summary: str = "",
) -> InformationSharingAgreement:
    agreement, created = InformationSharingAgreement.objects.get_or_create(
        reference=reference,
        defaults={"name": name, "valid_from": valid_from, "summary": summary},
    )
    if created:
        agreement.agencies.set(list(agencies))
    return agreement

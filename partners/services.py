"""Writes about people, agencies and places.

Used by the seed command, the admin pages and (later) the API. Each takes the
acting user where there is one and changes data in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from earlyhelp import audit
from partners.emails import normalise_email
from partners.models import (
    Agency,
    ApiToken,
    FamilyHub,
    InformationSharingAgreement,
    Membership,
    PostcodeArea,
    User,
    Zone,
    ZoneGrant,
)
from partners.roles import ZONE_ROLES, AgencyKind, Role


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
    *,
    name: str,
    kind: AgencyKind | str,
    zones: Iterable[Zone] = (),
    email: str = "",
    runs_service: bool = False,
    may_lead_cases: bool = True,
) -> Agency:
    agency, created = Agency.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "email": email,
            "runs_service": runs_service,
            "may_lead_cases": may_lead_cases,
        },
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
    user = User.objects.filter(email=normalise_email(email)).first()
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


def _membership_detail(membership: Membership, **extra: object) -> dict[str, object]:
    return {
        "person": membership.user.email,
        "agency": membership.agency.name,
        "role": str(membership.role),
        "zone": membership.zone_id,
        "family_hub": membership.family_hub_id,
        "started_on": membership.started_on.isoformat() if membership.started_on else None,
        "ended_on": membership.ended_on.isoformat() if membership.ended_on else None,
        **extra,
    }


@transaction.atomic
def membership_grant(
    *,
    user: User,
    agency: Agency,
    role: Role | str,
    zone: Zone | None = None,
    family_hub: FamilyHub | None = None,
    started_on: dt.date | None = None,
    actor: User | None = None,
) -> Membership:
    """Give a person a role in an agency (idempotent for an open membership)."""
    existing = Membership.objects.filter(
        user=user, agency=agency, role=role, ended_on__isnull=True
    ).first()
    if existing:
        return existing
    membership = Membership.objects.create(
        user=user,
        agency=agency,
        role=role,
        zone=zone,
        family_hub=family_hub,
        started_on=started_on or timezone.localdate(),
    )
    audit.record(
        actor=actor,
        action="membership",
        obj=membership,
        reason="role granted",
        detail=_membership_detail(membership),
    )
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, ended_on: dt.date | None = None, actor: User | None = None
) -> Membership:
    """A person leaves an agency role. Their access through it ends that day."""
    membership.ended_on = ended_on or timezone.localdate()
    membership.save(update_fields=["ended_on"])
    audit.record(
        actor=actor,
        action="membership",
        obj=membership,
        reason="role ended",
        detail=_membership_detail(membership),
    )
    return membership


@transaction.atomic
def membership_save(
    *, actor: User, membership: Membership, changed: list[str], created: bool
) -> Membership:
    """A role granted or changed in the administration pages, with what changed."""
    membership.save()
    audit.record(
        actor=actor,
        action="membership",
        obj=membership,
        reason="role granted" if created else "role changed",
        detail=_membership_detail(membership, changed=sorted(changed)),
    )
    return membership


@transaction.atomic
def membership_delete(*, actor: User, membership: Membership) -> None:
    """A role removed outright in the administration pages (ending it keeps history)."""
    detail = _membership_detail(membership)
    audit.record(
        actor=actor, action="membership", obj=membership, reason="role deleted", detail=detail
    )
    membership.delete()


# Agency fields that change who sees what; a change to any is a chained audit entry.
AGENCY_FLAGS = ("is_active", "kind", "runs_service", "may_lead_cases")


@transaction.atomic
def agency_save(*, actor: User, agency: Agency, changed: list[str], created: bool) -> Agency:
    """An agency added or changed in the administration pages; flag changes are audited."""
    before = (
        {}
        if created
        else dict(Agency.objects.filter(pk=agency.pk).values(*AGENCY_FLAGS).first() or {})
    )
    agency.save()
    flags = {
        name: {"from": before.get(name), "to": getattr(agency, name)}
        for name in AGENCY_FLAGS
        if created or before.get(name) != getattr(agency, name)
    }
    if flags:
        audit.record(
            actor=actor,
            action="agency",
            obj=agency,
            reason="agency added" if created else "agency flags changed",
            detail={"agency": agency.name, "flags": flags},
        )
    return agency


def _zone_grant_detail(grant: ZoneGrant) -> dict[str, object]:
    return {
        "person": grant.user.email,
        "zone": grant.zone.name,
        "role": str(grant.role),
        "starts_at": grant.starts_at.isoformat(),
        "ends_at": grant.ends_at.isoformat(),
        "reason": grant.reason,
    }


@transaction.atomic
def zone_grant_give(
    *,
    actor: User | None,
    user: User,
    zone: Zone,
    role: Role | str,
    reason: str,
    ends_at: dt.datetime,
    starts_at: dt.datetime | None = None,
) -> ZoneGrant:
    """Give one person a zone's oversight for a period, with the reason; audited.

    The person must hold the role (coordinator or manager) in an agency; the grant
    extends that role's reach to the zone until `ends_at`, and no further.
    """
    from django.core.exceptions import ValidationError

    if role not in ZONE_ROLES:
        raise ValidationError({"role": "A zone grant is for a coordinator or a manager"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why this person needs the zone"})
    starts_at = starts_at or timezone.now()
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The grant must end after it starts"})
    if not Membership.objects.active().filter(user=user, role=role).exists():
        raise ValidationError({"role": "The person does not hold this role in any agency"})
    grant = ZoneGrant.objects.create(
        user=user,
        zone=zone,
        role=role,
        reason=reason.strip(),
        granted_by=actor,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    audit.record(
        actor=actor,
        action="zone_grant",
        obj=grant,
        reason="zone grant given",
        detail=_zone_grant_detail(grant),
    )
    return grant


@transaction.atomic
def zone_grant_revoke(*, actor: User | None, grant: ZoneGrant) -> ZoneGrant:
    """End a zone grant now; audited."""
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="zone_grant",
        obj=grant,
        reason="zone grant revoked",
        detail=_zone_grant_detail(grant),
    )
    return grant


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


# --------------------------------------------------------------------------- API tokens

TOKEN_PREFIX = "eh"  # noqa: S105 - a visible prefix, not a secret


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_issue(
    *, actor: User | None, agency: Agency, scope: str, name: str = "", days: int = 365
) -> tuple[ApiToken, str]:
    """Issue a token for an agency's system; returns the token row and the token itself.

    The token acts as the agency's integration account, which holds a practitioner role
    in that agency only, whatever the scope: a read token sees exactly the cases a write
    token of the same agency sees (its own cases as lead agency among them), and is kept
    to reading by the API's scope permission (partners/api_auth.py), not by a
    narrower role.
    """
    if scope not in ApiToken.Scope.values:
        raise ValueError("scope must be 'read' or 'write'")
    if not 1 <= days <= 730:
        raise ValueError("a token can last from 1 to 730 days")
    role = Role.PRACTITIONER
    slug = "".join(ch if ch.isalnum() else "-" for ch in agency.name.lower()).strip("-")
    account = user_get_or_create(
        email=f"integration.{scope}.{agency.pk}.{slug[:40]}@integrations.invalid",
        full_name=f"{agency.name} system ({scope})",
        job_title="System integration",
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    membership_grant(user=account, agency=agency, role=role)
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(
        name=name or f"{agency.name} {scope} token",
        agency=agency,
        user=account,
        scope=scope,
        key_prefix=prefix,
        key_hash=_hash_token(token),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit.record(
        actor=actor,
        action="token",
        obj=row,
        reason="API token issued",
        detail=_token_detail(row),
    )
    return row, token


def _token_detail(row: ApiToken) -> dict[str, object]:
    """What identifies a token in the log: its public prefix, never the token."""
    return {
        "prefix": row.key_prefix,
        "agency": row.agency.name,
        "scope": row.scope,
        "expires_at": row.expires_at.isoformat(),
    }


def api_token_find(token: str) -> ApiToken | None:
    """The usable token row for a presented token, compared in constant time."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    row = ApiToken.objects.select_related("user", "agency").filter(key_prefix=parts[1]).first()
    if row is None or not hmac.compare_digest(row.key_hash, _hash_token(token)):
        return None
    return row if row.is_usable and row.user.is_active else None


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None = None) -> ApiToken:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="token",
        obj=token,
        reason="API token revoked",
        detail=_token_detail(token),
    )
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record use, at most once a minute per token (no write on every call)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

"""Reads about people, agencies and places."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet

from partners.models import Agency, FamilyHub, Membership, User, ZoneGrant
from partners.roles import ZONE_ROLES, Role

_CACHE_ATTR = "_active_memberships_cache"


def active_memberships(*, user: Any) -> list[Membership]:
    """The user's current memberships, with agency, zone and hub; cached on the user object.

    Each carries `granted_zone_ids`: the zones of the user's current zone grants for that
    membership's role, read in the same query. The user object lives for one request,
    so the cache does too.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user_id=user.pk)
            .select_related("agency", "zone", "family_hub")
            .annotate(
                granted_zone_ids=ArraySubquery(
                    ZoneGrant.objects.current()
                    .filter(user_id=OuterRef("user_id"), role=OuterRef("role"))
                    .values("zone_id")
                )
            )
            .order_by("agency__name", "role")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(*, user: Any) -> None:
    """Drop the per-request cache after a membership changes."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_roles(*, user: Any) -> set[str]:
    return {m.role for m in active_memberships(user=user)}


def user_has_any_role(*, user: Any, roles: Iterable[str]) -> bool:
    wanted = {str(r) for r in roles}
    return any(m.role in wanted for m in active_memberships(user=user))


def oversight_memberships(*, user: Any) -> list[Membership]:
    """The coordinator and manager memberships that carry zone-wide oversight.

    Oversight (front door, allocation, sign-off across a zone, zone exports, returns,
    data linking, zone caseloads) is the job of the agencies that run the service. A
    coordinator or manager of any other agency has it only for the zones of a current
    zone grant; without one their role reaches their own agency's staff and cases.
    """
    return [
        m
        for m in active_memberships(user=user)
        if m.role in ZONE_ROLES and (m.agency.runs_service or getattr(m, "granted_zone_ids", None))
    ]


def user_has_oversight_role(*, user: Any, roles: Iterable[str]) -> bool:
    """Holds one of `roles` as zone-wide oversight (see `oversight_memberships`)."""
    wanted = {str(r) for r in roles}
    return any(m.role in wanted for m in oversight_memberships(user=user))


def user_agency_ids(*, user: Any, roles: Iterable[str] | None = None) -> set[int]:
    wanted = {str(r) for r in roles} if roles is not None else None
    return {
        m.agency_id for m in active_memberships(user=user) if wanted is None or m.role in wanted
    }


def is_system_admin(*, user: Any) -> bool:
    return user_has_any_role(user=user, roles={Role.SYSTEM_ADMIN})


def agency_list(*, active_only: bool = True) -> QuerySet[Agency]:
    qs = Agency.objects.order_by("name")
    return qs.filter(is_active=True) if active_only else qs


def family_hub_list() -> QuerySet[FamilyHub]:
    return FamilyHub.objects.select_related("zone").order_by("zone__name", "name")


def agency_member_by_email(*, email: str, agency: Agency) -> User | None:
    """The active account with this email address that works for `agency` now, or None.

    Looking people up only inside the agency named lets the team-add, step-across and
    grant forms answer alike for an address with no account and one in another agency,
    so they cannot be used to find out who has an account.
    """
    return (
        User.objects.filter(
            email__iexact=email.strip(),
            is_active=True,
            memberships__in=Membership.objects.active().filter(agency=agency),
        )
        .distinct()
        .first()
    )


def not_a_member_message(agency: Agency) -> str:
    """The one answer for an address with no account and for one in another agency."""
    return f"Enter the email address of someone who works for {agency.name}"


def hub_for_postcode(*, postcode: str) -> FamilyHub | None:
    """The family hub whose postcode area is the longest prefix of `postcode`."""
    from partners.models import PostcodeArea

    compact = postcode.upper().strip()
    candidates = {compact[:n].strip() for n in range(2, len(compact) + 1)}
    areas = sorted(
        PostcodeArea.objects.filter(prefix__in=candidates).select_related("family_hub__zone"),
        key=lambda area: len(area.prefix),
        reverse=True,
    )
    return areas[0].family_hub if areas else None

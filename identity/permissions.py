"""Who may administer whom: system administrators everyone, agency administrators the
staff of the agencies they administer, within the roles allowed for each agency."""

from __future__ import annotations

from typing import Any

from identity.models import AssignableRoles
from partners.models import Agency, Membership
from partners.roles import Role
from partners.selectors import active_memberships, is_system_admin


def administered_agency_ids(*, actor: Any) -> set[int] | None:
    """Agencies whose staff `actor` administers; None means every agency."""
    if is_system_admin(user=actor):
        return None
    return {m.agency_id for m in active_memberships(user=actor) if m.role == Role.AGENCY_ADMIN}


def administered_agencies(*, actor: Any) -> list[Agency]:
    ids = administered_agency_ids(actor=actor)
    agencies = Agency.objects.filter(is_active=True).order_by("name")
    return list(agencies if ids is None else agencies.filter(pk__in=ids))


def may_administer_agency(*, actor: Any, agency: Agency) -> bool:
    ids = administered_agency_ids(actor=actor)
    return ids is None or agency.pk in ids


def assignable_roles(*, actor: Any, agency: Agency) -> list[str]:
    """Roles `actor` may give at `agency`, in the order of the Role enum."""
    if is_system_admin(user=actor):
        return [r.value for r in Role]
    if not may_administer_agency(actor=actor, agency=agency):
        return []
    row = AssignableRoles.objects.filter(agency=agency).first()
    allowed = set(row.roles) if row else set()
    return [r.value for r in Role if r.value in allowed and r != Role.SYSTEM_ADMIN]


def may_manage_person(*, actor: Any, person: Any) -> bool:
    """May `actor` act on the whole account (reset its second factor, unlock it)?

    A system administrator may, for anyone but themselves. An agency administrator may
    for people whose every current role is in agencies they administer, and who are not
    system administrators: nobody can take over an account whose reach is wider than
    their own.
    """
    if person.pk == actor.pk:
        return False
    ids = administered_agency_ids(actor=actor)
    if ids is None:
        return True
    memberships = list(Membership.objects.active().filter(user=person).values("agency", "role"))
    pending = not memberships and person.invitations.filter(agency_id__in=ids).exists()
    if pending:
        return True
    return bool(memberships) and all(
        m["agency"] in ids and m["role"] != Role.SYSTEM_ADMIN for m in memberships
    )


def staff_agency_ids(*, actor: Any, person: Any) -> set[int]:
    """The agencies through which `actor` can see `person` (their own administered ones
    where the person holds or held a role, or was invited)."""
    ids = administered_agency_ids(actor=actor)
    held = set(Membership.objects.filter(user=person).values_list("agency_id", flat=True))
    held |= set(person.invitations.values_list("agency_id", flat=True))
    return held if ids is None else held & ids

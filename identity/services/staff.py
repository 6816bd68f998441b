"""What administrators do to staff accounts: set roles, deactivate, unlock, reset the
second factor. Each checks the actor may, changes data in one transaction and writes
its security event."""

from __future__ import annotations

from collections.abc import Iterable

from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from earlyhelp.errors import ApplicationError
from identity import events
from identity.permissions import (
    administered_agency_ids,
    assignable_roles,
    may_administer_agency,
    may_manage_person,
)
from identity.services.second_factor import second_factors_remove
from identity.services.sessions import sessions_end
from partners.models import Agency, Membership, User
from partners.selectors import forget_memberships
from partners.services import membership_end, membership_grant


def _refuse(message: str = "You cannot do that for this person") -> None:
    raise PermissionDenied(message)


@transaction.atomic
def staff_roles_set(*, actor: User, person: User, agency: Agency, roles: Iterable[str]) -> None:
    """Give `person` exactly `roles` at `agency`, among the roles `actor` may give.

    Roles the actor may not give are left as they are (a system administrator set them).
    Choosing none is deactivation, which has its own service.
    """
    if not may_administer_agency(actor=actor, agency=agency) or person.pk == actor.pk:
        _refuse()
    allowed = set(assignable_roles(actor=actor, agency=agency))
    wanted = {str(r) for r in roles}
    if not wanted:
        raise ApplicationError("Select at least one role", {"roles": ["Select at least one role"]})
    if wanted - allowed:
        raise ApplicationError(
            "Select only roles you can give", {"roles": ["Select only roles you can give"]}
        )
    current = list(
        Membership.objects.active().filter(user=person, agency=agency)
        if person.is_active
        else Membership.objects.filter(user=person, agency=agency, ended_on__isnull=True)
    )
    before = {m.role for m in current}
    for membership in current:
        if membership.role in allowed and membership.role not in wanted:
            membership_end(membership=membership, actor=actor)
    for role in sorted(wanted - before):
        membership_grant(user=person, agency=agency, role=role, actor=actor)
    after = (before - (allowed - wanted)) | wanted
    forget_memberships(user=person)
    if after != before:
        events.roles_changed(
            actor=actor, person=person, agency=agency, before=list(before), after=list(after)
        )


@transaction.atomic
def staff_deactivate(*, actor: User, person: User, agency: Agency | None = None) -> bool:
    """A leaver: end their roles at `agency`, or with no agency at every agency the
    actor administers (a system administrator: everywhere).

    When no current role is left anywhere, the account is closed and every session of
    it ends at once. Returns whether the account was closed.
    """
    if person.pk == actor.pk:
        _refuse("You cannot deactivate yourself")
    scope = administered_agency_ids(actor=actor)
    if agency is not None:
        if not may_administer_agency(actor=actor, agency=agency):
            _refuse()
        scope = {agency.pk}
    open_roles = Membership.objects.filter(user=person, ended_on__isnull=True)
    ending = open_roles if scope is None else open_roles.filter(agency_id__in=scope)
    if (
        scope is not None
        and not ending.exists()
        and not person.invitations.open().filter(agency_id__in=scope).exists()
    ):
        _refuse()
    for membership in list(ending):
        membership_end(membership=membership, actor=actor)
    invitations = person.invitations.open()
    if scope is not None:
        invitations = invitations.filter(agency_id__in=scope)
    for invitation in invitations:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    forget_memberships(user=person)
    close = scope is None or not Membership.objects.active().filter(user=person).exists()
    if close and person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
    events.deactivated(actor=actor, person=person, agency=agency, account_closed=close)
    if close:
        sessions_end(actor=actor, user=person, why="deactivated")
    return close


@transaction.atomic
def account_unlock(*, actor: User, person: User) -> int:
    """Clear the failed sign-ins that lock an account, from every address."""
    if not may_manage_person(actor=actor, person=person):
        _refuse()
    cleared = AxesProxyHandler.reset_attempts(username=person.email)
    events.unlocked(actor=actor, person=person, attempts_cleared=cleared)
    return cleared


@transaction.atomic
def second_factor_reset(*, actor: User, person: User, reason: str) -> None:
    """Remove a person's second factors (a lost phone); they set up a new one at their
    next sign-in. Their sessions end, since they were verified with the old one."""
    if not may_manage_person(actor=actor, person=person):
        _refuse()
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            "Enter why the second factor is being reset",
            {"reason": ["Enter why the second factor is being reset"]},
        )
    second_factors_remove(user=person)
    events.second_factor_reset(actor=actor, person=person, reason=reason)
    sessions_end(actor=actor, user=person, why="second factor reset")

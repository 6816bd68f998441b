"""Security events, each written as a chained entry in the audit log (cases.audit).

One small function per kind of event, so the vocabulary is declared once (the actions
themselves are `cases.models.audit.AuditAction` values, listed in SECURITY_ACTIONS for
the security events page). Every entry names the person it concerns in
`detail["email"]`, whoever did it (`actor`): the security events page filters on that.
Call them inside the transaction of what they record, like every audit entry.
"""

from __future__ import annotations

from typing import Any

from cases.audit import audit_record
from cases.models.audit import AuditAction

SECURITY_ACTIONS = (
    AuditAction.SIGN_IN,
    AuditAction.SIGN_IN_FAILED,
    AuditAction.LOCKED_OUT,
    AuditAction.UNLOCKED,
    AuditAction.SECOND_FACTOR_SET_UP,
    AuditAction.SECOND_FACTOR_RESET,
    AuditAction.SECOND_FACTOR_REMOVED,
    AuditAction.RESET_REQUESTED,
    AuditAction.PASSWORD_RESET,
    AuditAction.PASSWORD_CHANGED,
    AuditAction.INVITED,
    AuditAction.INVITATION_ACCEPTED,
    AuditAction.ROLES_CHANGED,
    AuditAction.DEACTIVATED,
    AuditAction.SESSIONS_ENDED,
)


def _record(
    action: AuditAction,
    *,
    actor: Any,
    person: Any = None,
    email: str = "",
    reason: str = "",
    **detail: Any,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=person,
        reason=reason,
        detail={"email": getattr(person, "email", "") or email, **detail},
    )


def signed_in(
    *,
    user: Any,
    first_factor: str,
    second_factor: str,
    again: bool = False,
    device: str = "",
) -> None:
    """Signed in with both factors; `again`: confirmed them for a sensitive action;
    `device`: the name of the passkey used, when it was one."""
    _record(
        AuditAction.SIGN_IN,
        actor=user,
        person=user,
        reason="confirmed identity for a sensitive action" if again else "",
        first_factor=first_factor,
        second_factor=second_factor,
        **({"device": device} if device else {}),
    )


def sign_in_failed(*, email: str, person: Any = None, stage: str, reason: str) -> None:
    """A wrong password, a wrong code, a refused single sign-on. `actor` is unknown."""
    _record(
        AuditAction.SIGN_IN_FAILED,
        actor=None,
        person=person,
        email=email,
        reason=reason,
        stage=stage,
    )


def locked_out(*, email: str, ip: str | None, kind: str) -> None:
    _record(AuditAction.LOCKED_OUT, actor=None, email=email, locked=kind, address=ip)


def unlocked(*, actor: Any, person: Any, attempts_cleared: int) -> None:
    _record(AuditAction.UNLOCKED, actor=actor, person=person, attempts_cleared=attempts_cleared)


def second_factor_set_up(*, user: Any, kind: str, device: str = "") -> None:
    """An app, new backup codes or a passkey (`device`: the name the person gave it)."""
    _record(
        AuditAction.SECOND_FACTOR_SET_UP,
        actor=user,
        person=user,
        kind=kind,
        **({"device": device} if device else {}),
    )


def second_factor_removed(*, user: Any, kind: str, device: str) -> None:
    """The person removed one of their own second factors (a passkey)."""
    _record(AuditAction.SECOND_FACTOR_REMOVED, actor=user, person=user, kind=kind, device=device)


def second_factor_reset(*, actor: Any, person: Any, reason: str) -> None:
    _record(AuditAction.SECOND_FACTOR_RESET, actor=actor, person=person, reason=reason)


def password_reset_requested(*, email: str, person: Any = None) -> None:
    _record(
        AuditAction.RESET_REQUESTED,
        actor=None,
        person=person,
        email=email,
        account_found=person is not None,
    )


def password_reset(*, person: Any) -> None:
    _record(AuditAction.PASSWORD_RESET, actor=None, person=person)


def password_changed(*, user: Any) -> None:
    _record(AuditAction.PASSWORD_CHANGED, actor=user, person=user)


def invited(*, actor: Any, invitation: Any) -> None:
    _record(
        AuditAction.INVITED,
        actor=actor,
        person=invitation.user,
        agency=invitation.agency.name,
        role=invitation.role,
        invitation=invitation.pk,
        expires_at=invitation.expires_at.isoformat(),
    )


def invitation_accepted(*, invitation: Any) -> None:
    _record(
        AuditAction.INVITATION_ACCEPTED,
        actor=invitation.user,
        person=invitation.user,
        agency=invitation.agency.name,
        invitation=invitation.pk,
    )


def roles_changed(
    *, actor: Any, person: Any, agency: Any, before: list[str], after: list[str]
) -> None:
    _record(
        AuditAction.ROLES_CHANGED,
        actor=actor,
        person=person,
        agency=agency.name,
        before=sorted(before),
        after=sorted(after),
    )


def deactivated(*, actor: Any, person: Any, agency: Any, account_closed: bool) -> None:
    _record(
        AuditAction.DEACTIVATED,
        actor=actor,
        person=person,
        agency=agency.name if agency is not None else "",
        account_closed=account_closed,
    )


def sessions_ended(*, actor: Any, person: Any, count: int, why: str) -> None:
    _record(AuditAction.SESSIONS_ENDED, actor=actor, person=person, sessions=count, why=why)

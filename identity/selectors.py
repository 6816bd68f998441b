"""Reads of identity: sessions, staff an administrator may see, dormant accounts and the
security events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from cases.models.audit import AuditEntry
from identity.events import SECURITY_ACTIONS
from identity.models import Invitation, UserSession
from identity.permissions import administered_agency_ids
from partners.models import ApiToken, Membership, User

DORMANT_DAYS = 90


def sessions_of(*, user: Any) -> QuerySet[UserSession]:
    return UserSession.objects.filter(user=user, expire_date__gt=timezone.now()).order_by(
        "-last_seen_at"
    )


def _staff_base(*, actor: Any) -> QuerySet[User]:
    """People `actor` administers: anyone who holds, held or was invited to a role in one
    of their agencies. Integration accounts of API tokens are not people."""
    ids = administered_agency_ids(actor=actor)
    people = User.objects.exclude(Exists(ApiToken.objects.filter(user=OuterRef("pk"))))
    if ids is None:
        return people
    return people.filter(
        Exists(Membership.objects.filter(user=OuterRef("pk"), agency_id__in=ids))
        | Exists(Invitation.objects.filter(user=OuterRef("pk"), agency_id__in=ids))
    )


def _with_roles(people: QuerySet[User], *, actor: Any) -> QuerySet[User]:
    ids = administered_agency_ids(actor=actor)
    current = Membership.objects.filter(ended_on__isnull=True).select_related("agency")
    if ids is not None:
        current = current.filter(agency_id__in=ids)
    return people.prefetch_related(
        Prefetch(
            "memberships", queryset=current.order_by("agency__name", "role"), to_attr="roles_here"
        ),
        Prefetch(
            "invitations",
            queryset=Invitation.objects.select_related("agency").order_by("-created_at"),
            to_attr="invitations_all",
        ),
    )


def staff_list(
    *, actor: Any, name: str | None = None, status: str | None = None, agency_id: int | None = None
) -> QuerySet[User]:
    people = _staff_base(actor=actor)
    if agency_id:
        people = people.filter(
            Exists(Membership.objects.filter(user=OuterRef("pk"), agency_id=agency_id))
            | Exists(Invitation.objects.filter(user=OuterRef("pk"), agency_id=agency_id))
        )
    if name:
        people = people.filter(Q(full_name__icontains=name) | Q(email__icontains=name))
    invited = Exists(Invitation.objects.filter(user=OuterRef("pk"), accepted_at__isnull=True))
    if status == "active":
        people = people.filter(is_active=True)
    elif status == "invited":
        people = people.filter(invited, is_active=False, last_login__isnull=True)
    elif status == "deactivated":
        people = people.filter(is_active=False).exclude(invited & Q(last_login__isnull=True))
    return _with_roles(people, actor=actor).order_by("full_name", "pk")


def staff_person(*, actor: Any, user_id: int) -> User | None:
    """One person `actor` administers, or None (the page answers 404)."""
    return _with_roles(_staff_base(actor=actor).filter(pk=user_id), actor=actor).first()


def dormant_staff(*, actor: Any, days: int = DORMANT_DAYS) -> QuerySet[User]:
    """Active people with a current role here who have not signed in for `days` days
    (never signed in counts from when they joined)."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    ids = administered_agency_ids(actor=actor)
    current = Membership.objects.active().filter(user=OuterRef("pk"))
    if ids is not None:
        current = current.filter(agency_id__in=ids)
    people = (
        _staff_base(actor=actor)
        .filter(is_active=True)
        .filter(Exists(current))
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
    )
    return _with_roles(people, actor=actor).order_by("last_login", "full_name", "pk")


def security_events(
    *,
    action: str | None = None,
    email: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(action__in=[a.value for a in SECURITY_ACTIONS])
    if action:
        entries = entries.filter(action=action)
    if email:
        entries = entries.filter(Q(detail__email__icontains=email) | Q(user_label__icontains=email))
    if since:
        entries = entries.filter(at__gte=_start_of(since))
    if until:
        entries = entries.filter(at__lt=_start_of(until + dt.timedelta(days=1)))
    return entries.order_by("-at", "-id")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

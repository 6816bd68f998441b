"""Notifications: in the service (a count in the header, a page) and by email.

Apps that send notifications register their kinds here from AppConfig.ready(), so
this module knows nothing of cases or plans:

    register_kind(NotificationKind("action_overdue", "Overdue actions", "..."))

`notify(...)` is the one way to send: it writes the notification and, when the
recipient wants that kind by email, an outbox message (earlyhelp/outbox.py) in the
same transaction. The email is sent by a task that marks the notification emailed,
so a retried or repeated task never sends it twice (partners/tasks.py).

Each person chooses email on or off per kind (on unless they turn it off).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from earlyhelp import outbox
from partners.models import Notification, NotificationPreference, User

logger = logging.getLogger(__name__)

EMAIL_TASK = "partners.tasks.notification_email_send"


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str  # "Overdue actions"
    hint: str = ""  # what it is about, shown on the preferences page
    # Routine reminders are folded together by case in the digest (notification_digest.py).
    routine: bool = False


_KINDS: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> list[NotificationKind]:
    return sorted(_KINDS.values(), key=lambda k: k.label)


def is_routine(key: str) -> bool:
    kind = _KINDS.get(key)
    return bool(kind and kind.routine)


# --------------------------------------------------------------------------- selectors


def email_kinds_off(*, user_ids: Iterable[int]) -> set[tuple[int, str]]:
    """(user id, kind) pairs of the kinds these people have asked not to be emailed."""
    return set(
        NotificationPreference.objects.filter(user_id__in=set(user_ids), email=False).values_list(
            "user_id", "kind"
        )
    )


def wants_email(*, user: User, kind: str) -> bool:
    return bool(user.email) and (user.pk, kind) not in email_kinds_off(user_ids=[user.pk])


def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (page it)."""
    found = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        found = found.filter(read_at__isnull=True)
    return found.order_by("-created_at", "-id")


@dataclass(frozen=True)
class Preference:
    kind: NotificationKind
    email: bool


def notification_preferences(*, user: Any) -> list[Preference]:
    off = {kind for _, kind in email_kinds_off(user_ids=[user.pk])}
    return [Preference(kind=kind, email=kind.key not in off) for kind in kinds()]


# --------------------------------------------------------------------------- services


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Send one notification to each recipient (once each), emailing those who want it.

    `email=False` keeps it in the service only (when an email goes another way, such as
    a calendar invitation). Call inside the caller's transaction: the notification and
    its email are written with the change that caused them, or not at all.
    """
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    off = email_kinds_off(user_ids=people) if email else set()
    now = timezone.now()
    with transaction.atomic():
        made = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=kind,
                title=title[:200],
                body=body,
                url=url,
                created_at=now,
                email_wanted=email and bool(user.email) and (user.pk, kind) not in off,
            )
            for user in people.values()
        )
        for notification in made:
            if notification.email_wanted:
                outbox.enqueue(EMAIL_TASK, notification.pk)
    return made


def notification_open(*, actor: Any, notification_id: Any) -> Notification:
    """Mark one of the actor's notifications read (404 for anyone else's)."""
    try:
        pk = int(notification_id)
    except (TypeError, ValueError):
        raise Http404("No such notification") from None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().filter(pk=pk, recipient_id=actor.pk).first()
        )
        if notification is None:
            raise Http404("No such notification")
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notifications_read(*, actor: Any, ids: Sequence[int] | None = None) -> int:
    """Mark the actor's unread notifications read: the ones given, or all of them."""
    unread = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def notification_preferences_set(*, actor: Any, email_kinds: Iterable[str]) -> None:
    """Email on for the kinds given, off for every other registered kind."""
    wanted = set(email_kinds)
    with transaction.atomic():
        for kind in kinds():
            NotificationPreference.objects.update_or_create(
                user_id=actor.pk, kind=kind.key, defaults={"email": kind.key in wanted}
            )


def email_footer() -> str:
    return (
        f"\n\nSign in to {settings.SERVICE_NAME} to see it: {settings.SITE_URL}/notifications/\n"
        f"You can choose which emails you get at {settings.SITE_URL}/notifications/settings/\n\n"
        f"{settings.PROTECTIVE_MARKING}"
    )


def notification_email_deliver(*, notification_id: int) -> bool:
    """Email one notification unless it has been emailed already (safe to repeat).

    The row is locked while sending, so two deliveries of the same task cannot both
    send; if sending fails nothing is marked and the task is retried.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        if not notification.email_wanted or not notification.recipient.email:
            return False
        link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
        body = notification.body + (f"\n\n{link}" if link else "") + email_footer()
        EmailMessage(
            subject=f"{settings.SERVICE_NAME}: {notification.title}",
            body=body.strip(),
            to=[notification.recipient.email],
        ).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True

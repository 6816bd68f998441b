"""A person's digest: what needs them first, and routine reminders grouped by case.

A school's invitation to a Team Around the Family meeting was one of twelve unread
notifications; the other eleven were "no contact for 28 days" reminders for other cases.
The digest puts every unread notification that is not routine (an invitation, a family
allocated to you, work waiting for your sign-off) first, and folds the routine
reminders into one line per case, so one case's reminders cannot bury another's
invitation. Kinds say whether they are routine when they are registered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from partners.models import Notification
from partners.notifications import is_routine

CASE_URL = re.compile(r"^/cases/(\d+)/")


@dataclass
class ReminderGroup:
    """The unread routine reminders about one case (or about no case)."""

    key: str
    url: str
    notifications: list[Notification] = field(default_factory=list)

    @property
    def latest(self) -> Notification:
        return self.notifications[0]


@dataclass(frozen=True)
class Digest:
    attention: list[Notification]
    reminder_groups: list[ReminderGroup]

    @property
    def reminder_count(self) -> int:
        return sum(len(g.notifications) for g in self.reminder_groups)


def notification_digest(*, user: Any, limit: int = 200) -> Digest:
    """The user's unread notifications, sorted into what needs them and routine reminders."""
    unread = list(
        Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).order_by(
            "-created_at", "-id"
        )[:limit]
    )
    attention: list[Notification] = []
    groups: dict[str, ReminderGroup] = {}
    for n in unread:
        if not is_routine(n.kind):
            attention.append(n)
            continue
        match = CASE_URL.match(n.url or "")
        key = match.group(1) if match else ""
        group = groups.setdefault(key, ReminderGroup(key=key, url=f"/cases/{key}/" if key else ""))
        group.notifications.append(n)
    return Digest(attention=attention, reminder_groups=list(groups.values()))

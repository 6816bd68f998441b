"""Demo data sends no email.

The demo is built through the real services, and the services tell people when work
lands on them (allocation, joining a team, sign-off awaited) by writing emails to the
outbox. Nobody should receive those for a made-up borough, so a demo builder wrapped in
`sends_no_email` removes, when it finishes, the emails it left waiting. In-app
notifications stay: they are part of what the demo shows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from earlyhelp.models import OutboxMessage

# Tasks that send email, named as the outbox names them (the kernel imports no app).
EMAIL_TASKS = (
    "partners.tasks.notification_email_send",
    "family_plans.tasks.taf_meeting_invitations_send",
)

F = TypeVar("F", bound=Callable[..., Any])


def outbox_watermark() -> int:
    """The newest outbox row's id now (0 when it is empty)."""
    return OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def discard_waiting_email(*, after: int) -> int:
    """Remove the unsent emails written to the outbox after `after`; returns how many."""
    deleted, _ = OutboxMessage.objects.filter(
        pk__gt=after, task__in=EMAIL_TASKS, published_at__isnull=True
    ).delete()
    return deleted


def sends_no_email(build: F) -> F:
    @functools.wraps(build)
    def quiet(*args: Any, **kwargs: Any) -> Any:
        mark = outbox_watermark()
        try:
            return build(*args, **kwargs)
        finally:
            discard_waiting_email(after=mark)

    return quiet  # type: ignore[return-value]

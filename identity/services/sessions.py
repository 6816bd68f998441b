"""Ending sessions: yours everywhere, a leaver's at once, and expired ones every night."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from identity import events
from identity.models import UserSession


@transaction.atomic
def sessions_end(*, actor: Any, user: Any, why: str, keep_key: str | None = None) -> int:
    """End every session of `user` (but `keep_key`, the caller's own, when given).

    The rows go, so each of those browsers is signed out on its next request, whatever
    its cookie says.
    """
    rows = UserSession.objects.filter(user=user)
    if keep_key:
        rows = rows.exclude(session_key=keep_key)
    count, _ = rows.delete()
    events.sessions_ended(actor=actor, person=user, count=count, why=why)
    return count


def sessions_purge_expired() -> int:
    """Delete every session past its expiry (idle, absolute or signed out): nightly.

    Sessions hold search terms and enquiry drafts, which are personal data; they go as
    soon as nobody can use them.
    """
    count, _ = UserSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return count

"""The two steps of signing in, as the session records them.

A password (or single sign-on) makes a session that is signed in but reaches only the
second-factor pages (identity.middleware); the second factor completes it. Sign-in is
written to the audit log once, when it is complete, with the factors used.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from earlyhelp.sign_in_state import (
    CLIENT,
    FIRST_FACTOR,
    note_first_factor,
    note_second_factor,
)
from identity import events
from identity.lockout import client_ip
from partners.models import User


def first_factor_passed(request: HttpRequest, user: Any, *, method: str, backend: str) -> None:
    """Log the person in with one factor: the session can reach second-factor pages only."""
    login(request, user, backend=backend)
    note_first_factor(request.session, method=method)
    request.session[CLIENT] = {
        "ip": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }


@transaction.atomic
def second_factor_passed(
    request: HttpRequest, *, method: str, again: bool = False, device: str = ""
) -> None:
    """Complete sign-in: a new session key (the session now has more power), the moment
    of the second factor, the last sign-in date and the audit entry. `again`: the person
    confirmed who they are for a sensitive action, in a session already complete;
    `device`: the passkey's name, when the factor was one."""
    request.session.cycle_key()
    note_second_factor(request.session, method=method)
    user = request.user
    User.objects.filter(pk=int(user.pk or 0)).update(last_login=timezone.now())
    events.signed_in(
        user=user,
        first_factor=request.session.get(FIRST_FACTOR, "password"),
        second_factor=method,
        again=again,
        device=device,
    )

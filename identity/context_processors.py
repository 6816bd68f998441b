"""What every page of a signed-in session needs: the timeout dialog's figures, and
whether the second factor is still to come."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from earlyhelp.sign_in_state import has_second_factor
from identity import timeouts


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    return {
        "session_seconds_left": timeouts.seconds_left(request.session),
        "session_warning_seconds": timeouts.warning_seconds(),
        # Signed in with the password only: the pages leave out links it cannot follow.
        "awaiting_second_factor": not has_second_factor(request.session),
    }

"""The timeout dialog's two calls, and the page of your own sessions."""

from __future__ import annotations

from typing import cast

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from earlyhelp.url_policy import Policy, access_policy
from identity import selectors, timeouts
from identity.middleware import does_not_count_as_activity, reachable_before_second_factor
from identity.services.sessions import sessions_end
from partners.models import User


def _status(request: HttpRequest) -> dict[str, int | bool]:
    return {
        "seconds_left": timeouts.seconds_left(request.session),
        "warning_seconds": timeouts.warning_seconds(),
        "can_extend": timeouts.extends_by_activity(request.session),
    }


@access_policy(Policy.SIGNED_IN)
@reachable_before_second_factor
@does_not_count_as_activity
def session_status(request: HttpRequest) -> JsonResponse:
    """How long this session has left (asking does not extend it)."""
    return JsonResponse(_status(request))


@access_policy(Policy.SIGNED_IN)
@reachable_before_second_factor
@require_POST
def session_keep_alive(request: HttpRequest) -> JsonResponse:
    """ "Stay signed in": this request counts as activity, like any page."""
    return JsonResponse(_status(request))


@access_policy(Policy.SIGNED_IN)
def account_sessions(request: HttpRequest) -> HttpResponse:
    """Where you are signed in, and "sign out everywhere"."""
    user = cast(User, request.user)
    if request.method == "POST":
        sessions_end(actor=user, user=user, why="signed out everywhere")
        logout(request)
        return render(request, "registration/signed_out.html", {"everywhere": True})
    return render(
        request,
        "identity/account_sessions.html",
        {
            "sessions": selectors.sessions_of(user=user),
            "current_key": request.session.session_key,
            "now": timezone.now(),
            "idle_words": timeouts.idle_words(),
        },
    )

"""Two checks on every request of a signed-in session, before the view runs.

`SessionTimeoutMiddleware` ends a session idle longer than SESSION_IDLE_TIMEOUT or older
than SESSION_ABSOLUTE_TIMEOUT (identity.timeouts) and otherwise counts the request as
activity.

`SecondFactorMiddleware` lets a session that has passed only the password (or a single
sign-on that did not assert multi-factor) reach nothing but public pages and the views
marked `reachable_before_second_factor` (setting up and checking the second factor,
signing out). Everything else, enumerated from the URL patterns in the tests, sends it
to the second-factor page; the API answers 403. API tokens carry no session and are not
affected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from earlyhelp.sign_in_state import has_second_factor
from earlyhelp.url_policy import Policy, declared_policy
from identity import timeouts

V = TypeVar("V")

BEFORE_SECOND_FACTOR = "reachable_before_second_factor"
KEEPS_IDLE = "does_not_count_as_activity"
TIMED_OUT = "sign_in.timed_out"


def reachable_before_second_factor(view: V) -> V:
    setattr(view, BEFORE_SECOND_FACTOR, True)
    return view


def does_not_count_as_activity(view: V) -> V:
    """For the timeout dialog's own check: asking how long is left must not extend it."""
    setattr(view, KEEPS_IDLE, True)
    return view


def _marked(view_func: Callable[..., Any], mark: str) -> bool:
    return any(
        getattr(candidate, mark, False)
        for candidate in (view_func, getattr(view_func, "view_class", None))
    )


class _ProcessViewOnly:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class SessionTimeoutMiddleware(_ProcessViewOnly):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        reason = timeouts.why_ended(request.session)
        if reason is not None:
            logout(request)
            request.session[TIMED_OUT] = reason
            return None
        if not _marked(view_func, KEEPS_IDLE):
            timeouts.touch(request.session)
        return None


class SecondFactorMiddleware(_ProcessViewOnly):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not request.user.is_authenticated or has_second_factor(request.session):
            return None
        declared = declared_policy(view_func)
        if declared is None or declared.policy is Policy.PUBLIC:
            return None  # undeclared views are refused by the URL-policy middleware
        if _marked(view_func, BEFORE_SECOND_FACTOR):
            return None
        if declared.policy is Policy.API or request.path.startswith("/api/"):
            if request.headers.get("Authorization", "").lower().startswith("bearer "):
                return None  # a token, not this session, authenticates the call
            return JsonResponse(
                {
                    "detail": "Finish signing in with your second factor before using the "
                    "API from this session.",
                    "errors": {},
                },
                status=403,
            )
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('second-factor')}?{query}")

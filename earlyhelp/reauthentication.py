"""Sensitive actions ask for both factors again if they were proven too long ago.

Exports, access grants, break-glass access and issuing API tokens put personal data in
bulk, or power over it, in someone's hands. A session left open on a shared desk should
not be enough for them, so such views are wrapped with `recent_authentication_required`
(functions) or `RecentAuthenticationRequiredMixin` (classes): unless the password and the
second factor were both proven within REAUTHENTICATION_WINDOW seconds (15 minutes by
default), the person is sent to confirm them (`identity` serves the page, named
"reauthenticate") and then back. The view is marked, so a test can find every view that
asks (`requires_recent_authentication`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode, urlparse

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from earlyhelp.sign_in_state import proven_within

V = TypeVar("V", bound=Callable[..., Any])

MARK = "requires_recent_authentication"


def window_seconds() -> int:
    return int(getattr(settings, "REAUTHENTICATION_WINDOW", 15 * 60))


def authenticated_recently(request: HttpRequest) -> bool:
    return proven_within(request.session, window_seconds())


def _return_to(request: HttpRequest) -> str:
    """Where to come back to: this page, or for a form posted, the page it was posted from
    (the person confirms who they are, then sends the form again)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parsed = urlparse(referer)
        return parsed.path + (f"?{parsed.query}" if parsed.query else "")
    return request.path


def ask_to_reauthenticate(request: HttpRequest) -> HttpResponse:
    url = f"{reverse('reauthenticate')}?{urlencode({'next': _return_to(request)})}"
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def recent_authentication_required(view: V) -> V:
    """Wrap a view function: it runs only if both factors were proven recently."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not authenticated_recently(request):
            return ask_to_reauthenticate(request)
        return view(request, *args, **kwargs)

    setattr(wrapped, MARK, True)
    return wrapped  # type: ignore[return-value]


class RecentAuthenticationRequiredMixin:
    """The same for a class-based view (put it first among the bases)."""

    requires_recent_authentication = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not authenticated_recently(request):
            return ask_to_reauthenticate(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


def requires_recent_authentication(view_func: Callable[..., Any]) -> bool:
    """Does a resolved view (function, as_view() or a wrapped admin view) ask for it?"""
    return any(
        getattr(candidate, MARK, False)
        for candidate in (view_func, getattr(view_func, "view_class", None))
    )

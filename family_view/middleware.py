"""The family's sessions, their language, and 404 for them anywhere else.

A family member's session holds only the id of their access and two times; it never
signs anyone in as a Django user, so `request.user` stays anonymous and no staff page,
API call or single sign-on can treat them as staff. On each request:

- a family session past its idle or absolute timeout, or whose access has ended (case
  closed more than FAMILY_ACCESS_AFTER_CLOSURE_DAYS ago, or withdrawn), is ended;
- a current one sets `request.family_access`; every view outside the family section
  (the URL namespace "family") then answers 404, so nothing else even admits to
  existing, and the refusal is on the audit log with the family member as the actor;
- every response to a family session is marked `Cache-Control: no-store`, as staff
  pages are (the family's pages carry personal data);
- inside the family section only, the language is activated: English, or Welsh when
  the council enables it (FAMILY_WELSH_ENABLED) and the person chose it. This is
  Django's LocaleMiddleware confined to one section: staff pages stay in English.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from family_view.selectors import current_access

SESSION_ACCESS = "family_access_id"
SESSION_SIGNED_IN = "family_signed_in_at"
SESSION_SEEN = "family_seen_at"
SESSION_PENDING_LINK = "family_pending_link"
SESSION_LANGUAGE = "family_language"
FAMILY_PREFIX = "/family/"


def family_language(request: HttpRequest) -> str:
    if getattr(settings, "FAMILY_WELSH_ENABLED", False):
        chosen = request.session.get(SESSION_LANGUAGE)
        if chosen in {"cy", "en-gb"}:
            return str(chosen)
    return "en-gb"


def end_family_session(request: HttpRequest) -> None:
    request.session.flush()
    request.family_access = None  # type: ignore[attr-defined]


class FamilySectionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.family_access = None  # type: ignore[attr-defined]
        access_id = request.session.get(SESSION_ACCESS)
        if access_id is not None:
            now = int(time.time())
            signed_in = int(request.session.get(SESSION_SIGNED_IN, 0))
            seen = int(request.session.get(SESSION_SEEN, 0))
            access = current_access(access_id=access_id)
            if (
                access is None
                or now - seen > settings.FAMILY_SESSION_IDLE_TIMEOUT
                or now - signed_in > settings.FAMILY_SESSION_ABSOLUTE_TIMEOUT
            ):
                end_family_session(request)
                request.family_session_ended = True  # type: ignore[attr-defined]
            else:
                request.family_access = access  # type: ignore[attr-defined]
                request.session[SESSION_SEEN] = now
                request.session.set_expiry(settings.FAMILY_SESSION_IDLE_TIMEOUT)
        if not request.path.startswith(FAMILY_PREFIX):
            response = self.get_response(request)
        else:
            language = family_language(request)
            with translation.override(language):
                request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
                response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
        if getattr(request, "family_access", None) is not None:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if getattr(request, "family_access", None) is None:
            return None
        match = request.resolver_match
        if match is None or match.namespace != "family":
            from cases.audit import audit_refusal

            access = request.family_access  # type: ignore[attr-defined]
            audit_refusal(
                actor=access.actor,
                reason="a family member's session outside the family's section",
                detail={"path": request.path, "family_member": access.pk},
            )
            raise Http404("Not in the family's section")
        return None

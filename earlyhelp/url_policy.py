"""Every URL declares who may reach it; undeclared URLs are refused.

A view is declared with `@access_policy(...)` (functions and classes alike). DRF
views declare the same attribute on the class. The middleware here reads the
declaration of the view a URL resolved to and:

- refuses (403, logged) any view that declares nothing, so a new URL cannot ship
  open by accident; `tests/test_url_policy.py` enumerates every pattern too;
- sends signed-out visitors to sign in unless the policy is PUBLIC;
- enforces ROLES / SYSTEM_ADMIN against the user's active memberships, and OVERSIGHT
  against the memberships that carry zone-wide oversight (asked of the role directory
  `partners/` registers in earlyhelp/roles.py; refusals go to earlyhelp/audit.py);
- leaves CASE views to fetch their case through `cases.access`, which answers 404
  for cases the user may not see;
- admits to FAMILY views only a family member's current session (set on the request
  as `family_access` by family_view's middleware, which answers 404 to that session
  everywhere else); anyone else is sent to the family sign-in page;
- marks every response to a signed-in user `Cache-Control: no-store`.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver
from django.utils.cache import add_never_cache_headers, patch_cache_control

from earlyhelp import audit, roles

logger = logging.getLogger(__name__)


class Policy(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not; serves no personal data
    SIGNED_IN = "signed_in"  # any signed-in user
    ROLES = "roles"  # signed in and holding one of the named roles in an active membership
    # Signed in and holding one of the named roles as zone-wide oversight: at an agency
    # that runs the service, or with a current zone grant (partners.selectors).
    OVERSIGHT = "oversight"
    CASE = "case"  # signed in; the case is fetched through cases.access (404 if not visible)
    SYSTEM_ADMIN = "system_admin"  # the Django admin: system administrators only
    API = "api"  # DRF: authentication and permissions are enforced by the API layer
    # The family's own section: a family member's session (family_view/), never a staff one.
    FAMILY = "family"


@dataclass(frozen=True)
class DeclaredPolicy:
    policy: Policy
    roles: frozenset[str] = field(default_factory=frozenset)

    def describe(self) -> str:
        if self.roles:
            return f"{self.policy} ({', '.join(sorted(self.roles))})"
        return str(self.policy)


V = TypeVar("V")


def access_policy(policy: Policy, *, roles: Iterable[str] = ()) -> Callable[[V], V]:
    """Declare the access policy of a view function or class-based view."""
    declared = DeclaredPolicy(policy, frozenset(str(r) for r in roles))
    if policy in (Policy.ROLES, Policy.OVERSIGHT) and not declared.roles:
        raise ValueError(f"Policy.{policy.name} needs at least one role")

    def decorate(view: V) -> V:
        view.access_policy = declared  # type: ignore[attr-defined]
        return view

    return decorate


def declared_policy(view_func: Callable[..., Any]) -> DeclaredPolicy | None:
    """The policy a resolved view function declares, looking through as_view()."""
    for candidate in (
        view_func,
        getattr(view_func, "view_class", None),
        getattr(view_func, "cls", None),  # DRF viewsets and APIViews
    ):
        declared = getattr(candidate, "access_policy", None)
        if isinstance(declared, DeclaredPolicy):
            return declared
    return None


def declare_urls(urls: Any, policy: Policy) -> Any:
    """Declare one policy for every view of an included URL set (e.g. the admin)."""

    def walk(patterns: Iterable[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            else:
                callback = pattern.callback
                if inspect.ismethod(callback):  # bound methods take no attributes: wrap them
                    callback = _as_function(pattern.callback)
                    pattern.callback = callback
                callback.access_policy = DeclaredPolicy(policy)  # type: ignore[attr-defined]

    patterns = urls[0] if isinstance(urls, tuple) else urls
    walk(patterns)
    return urls


def _as_function(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def view(*args: Any, **kwargs: Any) -> Any:
        return method(*args, **kwargs)

    return view


class DeclaredPolicyMiddleware:
    """Apply each view's declared policy before the view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
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
        declared = declared_policy(view_func)
        if declared is None:
            logger.error("refused %s: view %r declares no access policy", request.path, view_func)
            return render(request, "errors/403.html", status=403)
        request.declared_policy = declared  # type: ignore[attr-defined]
        if declared.policy in (Policy.PUBLIC, Policy.API):
            return None
        if declared.policy is Policy.FAMILY:
            if getattr(request, "family_access", None) is None:
                from django.shortcuts import redirect

                return redirect("family:start")
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
        if declared.policy is Policy.ROLES:
            allowed = roles.user_has_any_role(user=user, roles=declared.roles)
        elif declared.policy is Policy.OVERSIGHT:
            allowed = roles.user_has_oversight_role(user=user, roles=declared.roles)
        elif declared.policy is Policy.SYSTEM_ADMIN:
            allowed = roles.is_system_admin(user=user)
        else:
            allowed = True
        return None if allowed else _refuse(request, declared)


def _refuse(request: HttpRequest, declared: DeclaredPolicy) -> HttpResponse:
    """Refuse with 403 and record the refusal in the audit log."""
    audit.refusal(
        actor=request.user,
        reason=f"policy {declared.describe()} not met",
        detail={"path": request.path},
    )
    return render(request, "errors/403.html", status=403)

"""API authentication for agency systems: `Authorization: Bearer eh_...` tokens, what a
token's scope allows, and rate limits per token (REST_FRAMEWORK in settings names them)."""

from __future__ import annotations

import logging
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from partners.models import ApiToken
from partners.services import api_token_find, api_token_touch

logger = logging.getLogger(__name__)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None
        token = token.strip()
        if not token:
            raise exceptions.AuthenticationFailed("No token was given after 'Bearer'.")
        row = api_token_find(token)
        if row is None:
            raise exceptions.AuthenticationFailed(
                "The token is not valid, has expired or has been revoked."
            )
        api_token_touch(token=row)
        return row.user, row

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "partners.api_auth.ApiTokenAuthentication"
    name = "agencyToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token issued to an agency's system by a system administrator "
            "(`manage.py issue_api_token`). Read tokens may only GET.",
        }


class TokenScopePermission(permissions.BasePermission):
    """Token scopes: a read token may only read."""

    message = "This token may only read."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and token.scope == ApiToken.Scope.READ:
            return request.method in permissions.SAFE_METHODS
        return True


class TokenRateThrottle(SimpleRateThrottle):
    """Rate limits per token (and per signed-in person), never failing a call if the cache
    is down."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request: Request, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("rate limit cache unavailable; request allowed")
            return True

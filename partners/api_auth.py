"""API authentication for agency systems: `Authorization: Bearer eh_...` tokens."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from partners.models import ApiToken
from partners.services import api_token_find, api_token_touch


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

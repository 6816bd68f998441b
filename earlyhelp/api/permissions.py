"""Token scopes: a read token may only read."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from partners.models import ApiToken


class TokenScopePermission(permissions.BasePermission):
    message = "This token may only read."

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if isinstance(token, ApiToken) and token.scope == ApiToken.Scope.READ:
            return request.method in permissions.SAFE_METHODS
        return True


class HoldsAnyRole(permissions.BasePermission):
    """The caller holds one of the view's `required_roles` in an active membership.

    For the API's aggregate reads (the scorecard): the same roles as the pages, checked
    before anything is read, so a caller without them learns nothing but 403.
    """

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        from partners.selectors import user_has_any_role

        roles: frozenset[str] = getattr(view, "required_roles", frozenset())
        return bool(roles) and user_has_any_role(user=request.user, roles=roles)

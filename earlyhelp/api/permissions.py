"""Role checks for API views, asked of the role directory (earlyhelp/roles.py).

The token's scope (a read token may only read) is checked by
`partners.api_auth.TokenScopePermission`, beside the tokens themselves.
"""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from earlyhelp import roles


class HoldsAnyRole(permissions.BasePermission):
    """The caller holds one of the view's `required_roles` in an active membership.

    For the API's aggregate reads (the scorecard): the same roles as the pages, checked
    before anything is read, so a caller without them learns nothing but 403.
    """

    message = "Your role does not allow this."

    def has_permission(self, request: Request, view: Any) -> bool:
        required: frozenset[str] = getattr(view, "required_roles", frozenset())
        return bool(required) and roles.user_has_any_role(user=request.user, roles=required)

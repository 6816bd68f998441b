"""The base of every API view: declared policy, audited calls, optimistic concurrency."""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from rest_framework import viewsets
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from earlyhelp.url_policy import DeclaredPolicy, Policy
from partners.models import User


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Send the If-Match header with the ETag you last read."
    default_code = "precondition_required"


class AuditedViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Every call is written to the audit log; objects carry an ETag of their version."""

    access_policy = DeclaredPolicy(Policy.API)

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from cases.audit import audit_record

            token = getattr(request, "auth", None)
            with transaction.atomic():
                audit_record(
                    actor=user,
                    action="view" if request.method in ("GET", "HEAD") else "update",
                    reason="API call",
                    detail={
                        "api": f"{request.method} {request.path}",
                        "status": response.status_code,
                        "token": getattr(token, "key_prefix", None),
                    },
                )
        response["Cache-Control"] = "no-store, private"
        return response

    @property
    def actor(self) -> User:
        """The signed-in person or the token's service account (IsAuthenticated holds)."""
        return cast(User, self.request.user)

    @staticmethod
    def etag_of(version: int) -> str:
        return f'"{version}"'

    def expected_version(self, request: Request) -> int:
        """The version the caller last read, from If-Match; 428 without it."""
        header = request.headers.get("If-Match", "").strip()
        if not header:
            raise PreconditionRequired()
        try:
            return int(header.strip('W/"'))
        except ValueError:
            raise PreconditionRequired("If-Match must be an ETag this API returned.") from None

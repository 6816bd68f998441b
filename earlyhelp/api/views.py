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
        # A refused call (401, 403) is recorded as a refusal instead (cases.refusals).
        if user is not None and user.is_authenticated and response.status_code not in (401, 403):
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

    def get_object(self) -> Any:
        """The object, or 404: a refusal when it exists but is hidden from the caller or
        belongs to another case than the one in the address (cases.refusals)."""
        from django.http import Http404

        try:
            return super().get_object()
        except Http404:
            from cases.refusals import refused_hidden, refused_outside_case

            model = self.get_queryset().model
            pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            case = getattr(self, "case", None)
            if case is not None:
                raise refused_outside_case(case=case, model=model, pk=pk, what="object") from None
            raise refused_hidden(model=model, pk=pk, what="object") from None

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

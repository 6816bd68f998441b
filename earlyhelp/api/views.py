"""The base of every API view: declared policy, audited calls, optimistic concurrency."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework import viewsets
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.response import Response

from earlyhelp import audit
from earlyhelp.url_policy import DeclaredPolicy, Policy


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Send the If-Match header with the ETag you last read."
    default_code = "precondition_required"


class AuditedViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Every call is written to the audit log; objects carry an ETag of their version.

    The call's one entry also names the cases whose data it returned (`case_ids`), so a
    case's access tab shows the API lists that showed it: the page of objects is kept as
    it is paged, and `case_ids_of` says which cases they belong to.
    """

    access_policy = DeclaredPolicy(Policy.API)
    shown: list[Any] | None = None

    def paginate_queryset(self, queryset: Any) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        self.shown = list(page) if page is not None else None
        return page

    def case_ids_of(self, objects: list[Any]) -> list[int]:
        """The cases the objects returned belong to: their `case_id` by default. A viewset
        of other objects (families, people) overrides this, in one query at most."""
        return [obj.case_id for obj in objects if getattr(obj, "case_id", None)]

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        user = getattr(request, "user", None)
        # A refused call (401, 403) is recorded as a refusal instead (earlyhelp.audit).
        if user is not None and user.is_authenticated and response.status_code not in (401, 403):
            token = getattr(request, "auth", None)
            reading = request.method in ("GET", "HEAD")
            case_ids = self.case_ids_of(self.shown) if reading and self.shown else []
            with transaction.atomic():
                audit.record(
                    actor=user,
                    action=("list" if case_ids else "view") if reading else "update",
                    case_ids=sorted(set(case_ids)),
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
        belongs to another case than the one in the address (earlyhelp.audit)."""
        from django.http import Http404

        try:
            found = super().get_object()
        except Http404:
            model = self.get_queryset().model
            pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
            case = getattr(self, "case", None)
            if case is not None:
                raise audit.refused_outside_case(
                    case=case, model=model, pk=pk, what="object"
                ) from None
            raise audit.refused_hidden(model=model, pk=pk, what="object") from None
        self.shown = [found]
        return found

    @property
    def actor(self) -> Any:
        """The signed-in person or the token's service account (IsAuthenticated holds):
        an instance of the user model (partners.User), which the kernel does not import."""
        return self.request.user

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

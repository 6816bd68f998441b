"""Structured API errors: the same domain errors the pages show, as JSON.

400 {"detail": "Check the enquiry", "errors": {"concerns": ["Enter what ..."]}}
403 {"detail": "You cannot ..."}     404 {"detail": "Not found."}
412 {"detail": "Someone else changed this case ..."}
422 {"detail": "This Idempotency-Key was used for a different request"}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from earlyhelp.errors import ApplicationError, ConcurrentChangeError, IdempotencyKeyReused


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ConcurrentChangeError):
        return Response(
            {"detail": exc.message, "errors": {}}, status=status.HTTP_412_PRECONDITION_FAILED
        )
    if isinstance(exc, IdempotencyKeyReused):
        return Response(
            {"detail": exc.message, "errors": {}}, status=status.HTTP_422_UNPROCESSABLE_ENTITY
        )
    if isinstance(exc, ApplicationError):
        errors = {
            k: [str(m) for m in v] for k, v in exc.extra.items() if isinstance(v, list | tuple)
        }
        return Response(
            {"detail": exc.message, "errors": errors}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "The request has errors", "errors": response.data}
    return response

"""Bounds on what one request may ask the server to build, checked before a view runs.

A form with repeating rows says how many rows it holds in `<prefix>-TOTAL_FORMS`, a
number the browser sends. Left unbounded, one request (or a draft kept in the session)
could ask for 100,000 rows: every later page would build and render them all. So:

- every formset is made with `bounded_formset_options()`: Django then never builds more
  than `MAX_FORMSET_ROWS` forms, and says so as a form error;
- this middleware refuses a posted form that asks for more rows than that, and a body
  larger than `MAX_REQUEST_BODY_BYTES`, with a clear 400 or 413, before the body is
  parsed any further or a view sees it;
- Django's own limits (`DATA_UPLOAD_MAX_NUMBER_FIELDS`, `DATA_UPLOAD_MAX_MEMORY_SIZE`)
  are answered with a page that says what was too large instead of a bare "Bad request".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# No form of the service needs more rows than this: a household, a meeting's attendees,
# a plan's actions. It is also each formset's `absolute_max`.
MAX_FORMSET_ROWS = 100
TOTAL_FORMS_SUFFIX = "-TOTAL_FORMS"

TOO_MANY_ROWS = f"A form can have at most {MAX_FORMSET_ROWS} rows. Remove some rows and try again."
TOO_MANY_FIELDS = "The form sent too many fields. Remove some rows and try again."
TOO_LARGE = "The request is too large: a request can be at most {limit} MB."


def bounded_formset_options() -> dict[str, Any]:
    """Keyword arguments for `formset_factory`: never build more than the maximum."""
    return {"max_num": MAX_FORMSET_ROWS, "absolute_max": MAX_FORMSET_ROWS, "validate_max": True}


def bounded_row_count(data: Mapping[str, Any], prefix: str, default: int = 0) -> int:
    """How many rows `data` says the `prefix` formset holds, never above the maximum.

    `data` maps names to a value or to a list of values (a QueryDict or a dict of lists
    kept in the session)."""
    raw = data.get(f"{prefix}{TOTAL_FORMS_SUFFIX}")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        total = int(str(raw)) if raw not in (None, "") else default
    except ValueError:
        total = default
    return max(0, min(total, MAX_FORMSET_ROWS))


def _rows_asked_for(request: HttpRequest) -> int:
    most = 0
    for key in request.POST:
        if key.endswith(TOTAL_FORMS_SUFFIX):
            value = request.POST.get(key, "")
            if value.isdigit() and len(value) < 12:
                most = max(most, int(value))
            elif value.isdigit():
                most = MAX_FORMSET_ROWS + 1
    return most


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=status)
    return render(request, "errors/400.html", {"message": message}, status=status)


def max_request_body_bytes() -> int:
    return int(getattr(settings, "MAX_REQUEST_BODY_BYTES", 25 * 1024 * 1024))


class InputLimitsMiddleware:
    """Refuse over-large bodies and over-long formsets before any view sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = max_request_body_bytes()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return _refuse(request, TOO_LARGE.format(limit=limit // (1024 * 1024)), 413)
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            try:
                asked = _rows_asked_for(request)
            except TooManyFieldsSent:
                return _refuse(request, TOO_MANY_FIELDS, 400)
            except RequestDataTooBig:
                return _refuse(request, TOO_LARGE.format(limit=limit // (1024 * 1024)), 413)
            if asked > MAX_FORMSET_ROWS:
                return _refuse(request, TOO_MANY_ROWS, 400)
        return self.get_response(request)

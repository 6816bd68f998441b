"""Refuse input that PostgreSQL cannot store, before any view sees it.

A NUL character (\\x00) in a query string or form field would reach a query and make
PostgreSQL refuse it; instead the request gets a clear 400 here, for pages and API.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

MESSAGE = "The request contains a character that is not allowed (NUL)."


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    for name, given in request.GET.lists():
        if "\x00" in name or any("\x00" in v for v in given):
            return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method == "POST" and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        for key, posted in request.POST.lists():
            if "\x00" in key or any("\x00" in v for v in posted):
                return True
    return False


class RejectNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE, "errors": {}}, status=400)
            return render(request, "errors/400.html", {"message": MESSAGE}, status=400)
        return self.get_response(request)

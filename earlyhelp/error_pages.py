"""The service's own 404 and 500 pages in the demo, with DEBUG still on.

Developers keep DEBUG's detail (templates reloaded, static files from the finders,
tracebacks in the log), but people trying the demo through `make run` should meet the
pages the service shows in production, not Django's debug pages. `make run` sets
SERVICE_ERROR_PAGES; the development settings then put this middleware outermost. It
swaps only Django's own debug responses (marked "NONE,NOARCHIVE" for robots), so any
404 a view returns on purpose, and the API's JSON, pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from earlyhelp import views

DEBUG_PAGE_MARKER = b'content="NONE,NOARCHIVE"'


class ServiceErrorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in (404, 500) or getattr(response, "streaming", False):
            return response
        if DEBUG_PAGE_MARKER not in response.content:
            return response
        if response.status_code == 404:
            return views.page_not_found(request, Http404())
        return views.server_error(request)

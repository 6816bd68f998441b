"""Keep who and where of the current request for the audit log."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cases.audit import RequestContext, client_ip, reset_context, set_context


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        token = set_context(RequestContext(ip=client_ip(request), agency_label="", source=source))
        try:
            return self.get_response(request)
        finally:
            reset_context(token)

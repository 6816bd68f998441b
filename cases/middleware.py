"""Keep who and where of the current request for the audit log.

Each request is also a unit of work for refusals: one found inside a service's
transaction is written once the request is done and that transaction rolled back
(cases.audit.audit_refusal).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cases.audit import RequestContext, client_ip, refusals_kept, reset_context, set_context


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        token = set_context(RequestContext(ip=client_ip(request), agency_label="", source=source))
        try:
            with refusals_kept():
                return self.get_response(request)
        finally:
            reset_context(token)

"""Keep who and where of the current request for the audit log.

Each request is also a unit of work for refusals: one found inside a service's
transaction is written once the request is done and that transaction rolled back
(cases.audit.audit_refusal); and a 401 or 403 answer that nothing recorded is recorded
here (cases.refusals), so every refused request leaves exactly one refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cases.audit import RequestContext, client_ip, refusals_kept, reset_context, set_context
from cases.refusals import record_refused_response


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        source = "api" if request.path.startswith("/api/") else "web"
        context = RequestContext(
            ip=client_ip(request), agency_label="", source=source, request=request
        )
        token = set_context(context)
        try:
            with refusals_kept():
                response = self.get_response(request)
                record_refused_response(request, response)
                return response
        finally:
            reset_context(token)

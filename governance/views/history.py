"""A case's field history: for its managers (through the case) and for the officer."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cases.access import Action
from cases.audit import audit_record
from cases.case_page import case_page
from cases.models import Case
from cases.models.audit import AuditAction
from cases.views.base import page_of
from governance import selectors
from governance.history import case_history
from governance.views.base import officer_page


@require_http_methods(["GET"])
@case_page(Action.SIGN_OFF)
def case_history_page(request: HttpRequest, case: Case) -> HttpResponse:
    """The History tab: managers who sign off the case (access_case audits the view)."""
    entries = case_history(user=request.user, case=case)
    return render(
        request,
        "governance/case_history.html",
        {"case": case, "tab": "history", "page": page_of(request, entries, per_page=50)},
    )


@officer_page
@require_http_methods(["GET"])
def officer_case_history(request: HttpRequest, case_id: int) -> HttpResponse:
    """The same history for the officer, who reaches cases through a person's record."""
    case = selectors.case_for_officer(user=request.user, case_id=case_id)
    with transaction.atomic():
        entries = case_history(user=request.user, case=case, officer=True)
        audit_record(actor=request.user, action=AuditAction.VIEW, case=case, reason="field history")
    return render(
        request,
        "governance/officer_case_history.html",
        {"case": case, "page": page_of(request, entries, per_page=50)},
    )

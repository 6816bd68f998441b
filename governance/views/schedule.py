"""The retention due list and its approval, and the record of processing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cases.views.base import page_of
from earlyhelp.errors import ApplicationError
from earlyhelp.url_policy import Policy, access_policy
from governance import retention, selectors
from governance.processing import record_of_processing
from governance.views.base import officer_page
from partners.roles import Role


@officer_page
@require_http_methods(["GET"])
def retention_due(request: HttpRequest) -> HttpResponse:
    """Records the schedule has made due (listed daily), to approve in batches."""
    status = request.GET.get("status", "due")
    items = selectors.retention_due_items()
    if status in ("due", "approved", "held"):
        items = items.filter(status=status)
    return render(
        request,
        "governance/retention.html",
        {
            "page": page_of(request, items, per_page=100),
            "status": status,
            "statuses": [("due", "Due"), ("approved", "Approved"), ("held", "Held")],
        },
    )


@officer_page
@require_POST
def retention_approve(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("due") if i.isdigit()]
    try:
        batch = retention.retention_approve(actor=request.user, due_ids=ids)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        count = batch.items.count()
        messages.success(
            request, f"{count} record{'s' if count != 1 else ''} approved for anonymisation"
        )
    return redirect("governance-retention")


@access_policy(Policy.ROLES, roles={Role.INFORMATION_GOVERNANCE, Role.SYSTEM_ADMIN})
@require_http_methods(["GET"])
def processing(request: HttpRequest) -> HttpResponse:
    """What is held, why, on what lawful basis, and for how long."""
    return render(request, "governance/processing.html", {"categories": record_of_processing()})

"""Import batches, for system administrators: what each import of another system's
records brought in, and taking a batch out again while nothing has been built on it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from earlyhelp.errors import ApplicationError
from earlyhelp.url_policy import Policy, access_policy
from partners.roles import Role
from reporting.models import ImportBatch
from reporting.moving_in.batches import import_batch_rollback, import_batches

SOURCES = {"ssd": "Standard Safeguarding Dataset", "legacy": "Legacy case records"}


@access_policy(Policy.ROLES, roles={Role.SYSTEM_ADMIN})
@require_http_methods(["GET"])
def import_batches_page(request: HttpRequest) -> HttpResponse:
    batches = import_batches()
    source = request.GET.get("source", "")
    status = request.GET.get("status", "")
    if source in SOURCES:
        batches = batches.filter(source=source)
    if status in ImportBatch.Status.values:
        batches = batches.filter(status=status)
    page = Paginator(batches, 25).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in (("source", source), ("status", status)) if v)
    return render(
        request,
        "reporting/import_batches.html",
        {
            "page": page,
            "sources": SOURCES,
            "statuses": ImportBatch.Status.choices,
            "source": source,
            "status": status,
            "query": f"&{query}" if query else "",
        },
    )


@access_policy(Policy.ROLES, roles={Role.SYSTEM_ADMIN})
@require_http_methods(["GET", "POST"])
def import_batch_rollback_page(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = import_batches().filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            removed = import_batch_rollback(actor=request.user, batch_id=batch.pk)
        except ApplicationError as refused:
            error = str(refused.message)
        else:
            messages.success(
                request,
                f"Import batch {batch.pk} was rolled back: {sum(removed.values())} records removed",
            )
            return redirect("import-batches")
    return render(
        request,
        "reporting/import_batch_rollback.html",
        {"batch": batch, "source_label": SOURCES.get(batch.source, batch.source), "error": error},
        status=400 if error else 200,
    )

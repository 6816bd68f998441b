"""Returns and inspection lists: ask for each as a background export; the data quality
page that shows what would be blank before they are sent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import visible_cases
from cases.audit import audit_record
from cases.models.audit import AuditAction
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.url_policy import Policy, access_policy
from reporting.exports import services as export_services
from reporting.forms.returns import AnnexAForm, CensusYearForm, DataQualityForm, QuarterForm
from reporting.returns import exports as kinds
from reporting.returns.data_quality import data_quality

RETURN_ROLES = kinds.RETURN_ROLES


def _page(request: HttpRequest, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    """The returns page, with one form bound (and showing its errors) after a bad POST."""
    chosen = bound or {}
    context: dict[str, Any] = {
        "annex_a_form": chosen.get("annex_a") or AnnexAForm(),
        "cin_form": chosen.get("cin") or CensusYearForm(),
        "families_first_form": chosen.get("families_first") or QuarterForm(prefix="progress"),
        "data_linking_form": chosen.get("data_linking") or QuarterForm(prefix="linking"),
        "may_run_data_linking": kinds.may_run_data_linking(request.user),
        "error_form": next(iter(chosen.values()), None),
    }
    return render(request, "reporting/returns.html", context)


def _requested(request: HttpRequest, kind: str, params: dict[str, Any]) -> HttpResponse:
    job = export_services.export_request(actor=request.user, kind=kind, params=params)
    return redirect("export-status", public_id=job.public_id)


@access_policy(Policy.OVERSIGHT, roles=RETURN_ROLES)
@require_http_methods(["GET"])
def returns_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@access_policy(Policy.OVERSIGHT, roles=RETURN_ROLES)
@require_POST
@recent_authentication_required
def annex_a_request(request: HttpRequest) -> HttpResponse:
    form = AnnexAForm(request.POST)
    if not form.is_valid():
        return _page(request, {"annex_a": form})
    return _requested(
        request,
        kinds.ANNEX_A,
        {
            "date": form.cleaned_data["inspection_date"].isoformat(),
            "format": form.cleaned_data["file_format"],
        },
    )


@access_policy(Policy.OVERSIGHT, roles=RETURN_ROLES)
@require_POST
@recent_authentication_required
def ssd_request(request: HttpRequest) -> HttpResponse:
    return _requested(request, kinds.SSD, {})


@access_policy(Policy.OVERSIGHT, roles=RETURN_ROLES)
@require_POST
@recent_authentication_required
def cin_request(request: HttpRequest) -> HttpResponse:
    form = CensusYearForm(request.POST)
    if not form.is_valid():
        return _page(request, {"cin": form})
    return _requested(request, kinds.CIN, {"year": int(form.cleaned_data["year"])})


@access_policy(Policy.OVERSIGHT, roles=RETURN_ROLES)
@require_POST
@recent_authentication_required
def families_first_request(request: HttpRequest) -> HttpResponse:
    form = QuarterForm(request.POST, prefix="progress")
    if not form.is_valid():
        return _page(request, {"families_first": form})
    return _requested(request, kinds.FAMILIES_FIRST, {"quarter": form.cleaned_data["quarter"]})


@access_policy(Policy.OVERSIGHT, roles=RETURN_ROLES)
@require_POST
@recent_authentication_required
def data_linking_request(request: HttpRequest) -> HttpResponse:
    """Only the roles in DATA_LINKING_ROLES; the refusal of anyone else is audited."""
    if not kinds.may_run_data_linking(request.user):
        audit_record(
            actor=request.user,
            action=AuditAction.REFUSED,
            reason="identifiers for data linking are for the named roles only",
            detail={"kind": kinds.DATA_LINKING},
        )
        raise PermissionDenied("The identifiers file is for the roles named for data linking")
    form = QuarterForm(request.POST, prefix="linking")
    if not form.is_valid():
        return _page(request, {"data_linking": form})
    return _requested(request, kinds.DATA_LINKING, {"quarter": form.cleaned_data["quarter"]})


@access_policy(Policy.OVERSIGHT, roles=RETURN_ROLES)
@require_http_methods(["GET"])
def data_quality_page(request: HttpRequest) -> HttpResponse:
    """Children whose record would give a blank or an unknown, for the requester's cases.

    It lists names across cases, so the view is audited like a search."""
    form = DataQualityForm(request.GET if "inspection_date_year" in request.GET else None)
    on = form.chosen_date()
    with transaction.atomic():
        report = data_quality(cases=visible_cases(request.user), inspection_date=on)
        audit_record(
            actor=request.user,
            action=AuditAction.SEARCH,
            reason="data quality before a return",
            detail={"inspection_date": on.isoformat(), "children": len(report.children)},
        )
    page = Paginator(report.children, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/data_quality.html",
        {"form": form, "report": report, "page": page, "query": query.urlencode()},
    )

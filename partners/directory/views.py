"""The directory's pages.

- /services/: the public page families use without signing in: public services only,
  no JavaScript needed, a print view, and "Exit this page".
- /directory/: staff find any active service (filters for area, entries due for review
  and withdrawn ones), see how often plans use it, and curate entries they keep.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import posted
from partners.directory import oruk, permissions, services
from partners.directory.forms import ImportForm, ServiceForm, ServiceSearchForm, StaffSearchForm
from partners.directory.models import Service, ServiceStatus
from partners.directory.selectors import (
    place_for,
    public_service,
    service_detail,
    service_search,
)
from partners.directory.usage import usage_of
from partners.roles import Role

PUBLIC_PER_PAGE = 20
STAFF_PER_PAGE = 25
PRINT_LIMIT = 50
IMPORT_ROLES = {Role.COORDINATOR, Role.MANAGER, Role.SYSTEM_ADMIN}


def _id(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such service") from None


# --------------------------------------------------------------------------- public


def _public_search(request: HttpRequest) -> tuple[ServiceSearchForm, Any, Any]:
    form = ServiceSearchForm(request.GET or None)
    filters = form.filters()
    place = place_for(postcode=filters.postcode)
    found = service_search(filters=filters, public_only=True, place=place)
    return form, found, place


@access_policy(Policy.PUBLIC)
def services_public(request: HttpRequest) -> HttpResponse:
    form, found, place = _public_search(request)
    page = Paginator(found, PUBLIC_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/public_list.html",
        {
            "form": form,
            "page": page,
            "place": place,
            "searched": bool(request.GET),
            "query_string": request.GET.urlencode(),
        },
    )


@access_policy(Policy.PUBLIC)
def services_public_print(request: HttpRequest) -> HttpResponse:
    form, found, place = _public_search(request)
    return render(
        request,
        "directory/public_print.html",
        {
            "form": form,
            "services": list(found[:PRINT_LIMIT]),
            "place": place,
            "printed_on": timezone.localdate(),
        },
    )


@access_policy(Policy.PUBLIC)
def service_public(request: HttpRequest, service_id: int) -> HttpResponse:
    service = public_service(service_id=_id(service_id))
    if service is None:
        raise Http404("No such service")
    return render(request, "directory/public_detail.html", {"service": service})


# --------------------------------------------------------------------------- staff


@access_policy(Policy.SIGNED_IN)
def directory(request: HttpRequest) -> HttpResponse:
    form = StaffSearchForm(request.GET or None)
    filters = form.filters()
    place = place_for(postcode=filters.postcode, zone_id=filters.zone_id)
    found = service_search(filters=filters, public_only=False, place=place)
    page = Paginator(found, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    usage = usage_of(s.pk for s in page.object_list)
    rows = [(service, usage.get(service.pk)) for service in page.object_list]
    return render(
        request,
        "directory/staff_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "place": place,
            "today": timezone.localdate(),
            "may_add": permissions.may_curate_any(user=request.user),
            "may_import": permissions.curates_everything(user=request.user),
        },
    )


def _service_or_404(service_id: Any) -> Service:
    service = service_detail(service_id=_id(service_id))
    if service is None:
        raise Http404("No such service")
    return service


@access_policy(Policy.SIGNED_IN)
def directory_service(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service_or_404(service_id)
    return render(
        request,
        "directory/staff_detail.html",
        {
            "service": service,
            "usage": usage_of([service.pk]).get(service.pk),
            "may_curate": permissions.may_curate(user=request.user, service=service),
        },
    )


def _agencies_for_form(request: HttpRequest, service: Service | None) -> list[Any]:
    agencies = permissions.curatable_agencies(user=request.user)
    if service is not None and service.agency is not None and service.agency not in agencies:
        agencies.append(service.agency)  # keep the current one choosable
    return agencies


@access_policy(Policy.ROLES, roles=permissions.CURATION_PAGE_ROLES)
def directory_service_new(request: HttpRequest) -> HttpResponse:
    if not permissions.may_curate_any(user=request.user):
        raise PermissionDenied("You cannot add services to the directory.")
    agencies = _agencies_for_form(request, None)
    initial: dict[str, Any] = {"cost": "free", "referral_route": "either", "is_public": True}
    if len(agencies) == 1:
        initial["agency"] = agencies[0]
    form = ServiceForm(posted(request), agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                actor=request.user, values=form.values(), zones=form.cleaned_data["zones"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{service.name} is in the directory")
            return redirect("directory-service", service_id=service.pk)
    return render(request, "directory/service_form.html", {"form": form, "service": None})


@access_policy(Policy.ROLES, roles=permissions.CURATION_PAGE_ROLES)
def directory_service_edit(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service_or_404(service_id)
    permissions.require_curate(user=request.user, service=service)
    form = ServiceForm(
        posted(request),
        agencies=_agencies_for_form(request, service),
        initial=ServiceForm.initial_for(service),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(
                actor=request.user,
                service=service,
                expected_version=form.cleaned_data.get("version") or 0,
                values=form.values(),
                zones=form.cleaned_data["zones"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{service.name} has been updated")
            return redirect("directory-service", service_id=service.pk)
    return render(request, "directory/service_form.html", {"form": form, "service": service})


def _posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


@require_POST
@access_policy(Policy.ROLES, roles=permissions.CURATION_PAGE_ROLES)
def directory_service_reviewed(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service_or_404(service_id)
    try:
        services.service_mark_reviewed(
            actor=request.user, service=service, expected_version=_posted_version(request)
        )
    except ConcurrentChangeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{service.name} is confirmed as up to date")
    return redirect("directory-service", service_id=service.pk)


@require_POST
@access_policy(Policy.ROLES, roles=permissions.CURATION_PAGE_ROLES)
def directory_service_status(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service_or_404(service_id)
    wanted = request.POST.get("status")
    if wanted not in ServiceStatus.values:
        raise Http404("No such status")
    try:
        services.service_set_status(
            actor=request.user,
            service=service,
            status=ServiceStatus(wanted),
            expected_version=_posted_version(request),
        )
    except ConcurrentChangeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{service.name} has been withdrawn"
            if wanted == ServiceStatus.WITHDRAWN
            else f"{service.name} is back in the directory",
        )
    return redirect("directory-service", service_id=service.pk)


@access_policy(Policy.ROLES, roles=IMPORT_ROLES)
def directory_import(request: HttpRequest) -> HttpResponse:
    permissions.require_curate_everything(user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    parsed: oruk.ParsedFile | None = None
    if request.method == "POST" and form.is_valid():
        result = oruk.read_file(form.cleaned_data["file"].read())
        if isinstance(result, str):
            form.add_error("file", result)
        elif result.errors:
            parsed = result
            form.add_error(
                "file",
                f"The file has {len(result.errors)} "
                f"{'row' if len(result.errors) == 1 else 'rows'} with problems. "
                "Nothing has been imported: correct them and upload the file again",
            )
        else:
            try:
                outcome = services.services_import(actor=request.user, rows=result.rows)
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                messages.success(
                    request,
                    f"Imported {outcome.created} new and {outcome.updated} changed services",
                )
                return redirect("directory")
    return render(
        request,
        "directory/import.html",
        {"form": form, "parsed": parsed, "columns": oruk.COLUMNS},
    )

"""Asking for an export, watching it being made, and downloading it."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import Action
from cases.case_page import case_page
from cases.models import Case
from cases.selectors import allocation as allocation_meetings
from cases.selectors.allocation import MEETING_ROLES as MEETING_RECORD_REQUESTERS
from cases.views.base import page_of
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.url_policy import Policy, access_policy
from reporting import selectors
from reporting.allocation_record import KIND as MEETING_RECORD
from reporting.exports import services
from reporting.exports.case_pdf import KIND as CASE_PDF

EXPORTS_PER_PAGE = 25


@recent_authentication_required
@require_http_methods(["GET"])
@case_page(Action.EXPORT)
def case_export(request: HttpRequest, case: Case) -> HttpResponse:
    """The Export tab: ask for an audit PDF, see your earlier exports of this case."""
    return render(
        request,
        "reporting/case_export.html",
        {
            "case": case,
            "tab": "export",
            "exports": selectors.exports_of(user=request.user, case=case),
        },
    )


@recent_authentication_required
@require_POST
@case_page()
def case_export_request(request: HttpRequest, case: Case) -> HttpResponse:
    job = services.export_request(actor=request.user, kind=CASE_PDF, case=case)
    return redirect("export-status", public_id=job.public_id)


@access_policy(Policy.SIGNED_IN)
@require_http_methods(["GET"])
def export_status(request: HttpRequest, public_id: str) -> HttpResponse:
    """The export's progress; htmx polls the same URL for the progress fragment."""
    job = services.export_for_requester(user=request.user, public_id=public_id)
    context = {"job": job}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "reporting/export_status.html#progress", context)
    return render(request, "reporting/export_status.html", context)


@access_policy(Policy.SIGNED_IN)
@require_http_methods(["GET"])
def export_download(request: HttpRequest, public_id: str) -> FileResponse:
    job = services.export_for_requester(user=request.user, public_id=public_id)
    path = services.export_download(actor=request.user, job=job)
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=job.file_name, content_type=job.content_type
    )
    response["Cache-Control"] = "no-store, private"
    return response


@access_policy(Policy.SIGNED_IN)
@require_http_methods(["GET"])
def my_exports(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.exports_of(user=request.user, limit=None), EXPORTS_PER_PAGE)
    return render(request, "reporting/my_exports.html", {"exports": page, "page": page})


@access_policy(Policy.OVERSIGHT, roles=MEETING_RECORD_REQUESTERS)
@require_POST
@recent_authentication_required
def allocation_meeting_record_request(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Ask for the PDF of an allocation meeting's record (the button on the record page).

    Served here, under the meeting's URL, because cases/ does not import reporting: the
    record page shows the button only when this URL name exists.
    """
    meeting = allocation_meetings.meeting_for(user=request.user, meeting_id=meeting_id)
    job = services.export_request(
        actor=request.user, kind=MEETING_RECORD, params={"meeting": meeting.pk}
    )
    return redirect("export-status", public_id=job.public_id)

"""Subject access requests: record, produce the export, redact, release, download."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import posted
from governance import sar as services
from governance import selectors
from governance.forms import AccessRequestForm
from governance.models import SarStatus, SubjectAccessRequest
from governance.views.base import officer_page


@officer_page
@require_http_methods(["GET", "POST"])
def access_request_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_officer(user=request.user, person_id=person_id)
    form = AccessRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            sar = services.sar_record(actor=request.user, person=person, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request, f"Subject access request recorded: due {sar.due_on:%-d %B %Y}"
            )
            return redirect("governance-access-request", pk=sar.pk)
    return render(request, "governance/access_request_new.html", {"form": form, "person": person})


def _lines(sar: SubjectAccessRequest, redacted: set[str]) -> list[dict[str, object]]:
    rows = []
    for section in sar.gathered.get("sections", []):
        for record in section["records"]:
            for line in record["lines"]:
                rows.append(
                    {**line, "section": section["title"], "redacted": line["id"] in redacted}
                )
    return rows


@officer_page
@require_http_methods(["GET"])
def access_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request; while producing, its progress (htmx polls the fragment); in review,
    every line of the export with third-party flags, to choose what to redact."""
    sar = selectors.access_request_for_officer(user=request.user, pk=pk)
    redacted = set(sar.redactions.values_list("line_id", flat=True))
    flagged_only = request.GET.get("lines") != "all"
    lines = _lines(sar, redacted) if sar.status == SarStatus.REVIEW else []
    if flagged_only:
        lines = [line for line in lines if line["third_party"] or line["redacted"]]
    context = {"sar": sar, "lines": lines, "flagged_only": flagged_only, "redacted": redacted}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "governance/access_request.html#progress", context)
    return render(request, "governance/access_request.html", context)


@officer_page
@require_POST
def access_request_export(request: HttpRequest, pk: int) -> HttpResponse:
    sar = selectors.access_request_for_officer(user=request.user, pk=pk)
    try:
        services.sar_export_start(actor=request.user, sar=sar)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("governance-access-request", pk=sar.pk)


@officer_page
@require_POST
def access_request_redactions(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the redactions: the lines shown and ticked are redacted, the lines shown and
    not ticked are not; lines not shown keep what they had."""
    sar = selectors.access_request_for_officer(user=request.user, pk=pk)
    shown = set(request.POST.getlist("shown"))
    ticked = set(request.POST.getlist("redact")) & shown
    kept = set(sar.redactions.values_list("line_id", flat=True)) - shown
    try:
        count = services.sar_redactions_set(
            actor=request.user, sar=sar, line_ids=sorted(kept | ticked)
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{count} line{'s' if count != 1 else ''} redacted")
    return redirect("governance-access-request", pk=sar.pk)


@officer_page
@require_POST
def access_request_release(request: HttpRequest, pk: int) -> HttpResponse:
    sar = selectors.access_request_for_officer(user=request.user, pk=pk)
    try:
        services.sar_release(actor=request.user, sar=sar)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Released: the PDF and JSON are ready to send")
    return redirect("governance-access-request", pk=sar.pk)


@officer_page
@require_http_methods(["GET"])
def access_request_file(request: HttpRequest, pk: int, name: str) -> FileResponse:
    sar = selectors.access_request_for_officer(user=request.user, pk=pk)
    try:
        path = services.sar_file(actor=request.user, sar=sar, name=name)
    except ApplicationError:
        raise Http404("No such file") from None
    content_type = "application/pdf" if name.endswith(".pdf") else "application/json"
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "no-store, private"
    return response

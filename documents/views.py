"""The Documents tab of a case: the list, the upload page and the download.

Every page is a CASE page (`@case_page`, so the case is fetched through access_case);
a document is then fetched by `document_of_case`, the same 404 for one hidden by its
visibility as for one that does not exist.
"""

from __future__ import annotations

from typing import cast
from urllib.parse import quote

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cases import selectors as case_selectors
from cases.access import Action, can_change
from cases.case_page import case_page
from cases.models import Case
from cases.views.base import page_of
from documents import selectors, services
from documents.forms import DocumentFilterForm, DocumentForm
from documents.models import Document
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.idempotency import idempotent_form
from earlyhelp.web import acting_user, posted

PER_PAGE = 20


def about_choices(case: Case) -> list[tuple[str, str]]:
    labels = {
        "assessment": lambda a: f"Early Help Assessment (version {a.number})",
        "plan": lambda p: "The family plan",
        "meeting": lambda m: f"Team Around the Family meeting, {m.starts_at:%-d %B %Y}",
    }
    return [
        (value, labels[field](obj))
        for value, (field, obj) in selectors.attachable(case=case).items()
    ]


@case_page()
@require_GET
def case_documents(request: HttpRequest, case: Case) -> HttpResponse:
    filters = DocumentFilterForm(request.GET)
    documents = selectors.case_documents(
        user=request.user, case=case, document_type=filters.value("type")
    )
    page = page_of(request, documents.prefetch_related("readers__user"), PER_PAGE)
    return render(
        request,
        "documents/case_documents.html",
        {
            "case": case,
            "tab": "documents",
            "filters": filters,
            "page": page,
            "rows": [(d, services.downloadable(d)[0]) for d in page],
            "can_add": can_change(request.user, Action.ADD_NOTE, case),
        },
    )


@case_page(Action.ADD_NOTE, change=True)
@idempotent_form
def case_document_upload(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    workers = case_selectors.case_workers(case=case).exclude(pk=user.pk)
    initial = {"about": request.GET.get("about", "")}
    form = DocumentForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        workers=workers,
        about=about_choices(case),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            documents = services.document_upload(
                actor=user,
                case=case,
                files=data["upload_files"],
                document_type=data["document_type"],
                document_date=data["document_date"],
                description=data.get("description") or "",
                visibility=data["visibility"],
                readers=list(data.get("readers") or []),
                about=data.get("about") or "",
            )
        except ApplicationError as exc:
            # The service names the files "files"; the form's field is "upload_files".
            extra = {("upload_files" if k == "files" else k): v for k, v in exc.extra.items()}
            add_application_error(form, ApplicationError(exc.message, extra))
        else:
            count = len(documents)
            messages.success(
                request,
                f"{count} document{'s' if count != 1 else ''} added. "
                "Each can be downloaded once it has been checked for viruses",
            )
            return redirect("case-documents", case_id=case.pk)
    return render(
        request,
        "documents/case_document_upload.html",
        {"case": case, "tab": "documents", "form": form},
    )


def attachment_disposition(name: str) -> str:
    """Content-Disposition for a name typed by anyone: an ASCII fallback with every
    character that could end or bend the header replaced, and the real name encoded
    (RFC 6266 / RFC 5987), so no quote, semicolon or line break reaches the header."""
    fallback = (
        "".join(c if c.isascii() and (c.isalnum() or c in " .-_()") else "_" for c in name).strip()
        or "document"
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def file_response(document: Document, stream: object) -> FileResponse:
    """The bytes as an attachment: never shown inline, never cached, never sniffed."""
    response = FileResponse(stream, content_type=document.content_type)
    response["Content-Disposition"] = attachment_disposition(document.original_name)
    response["Content-Length"] = str(document.size)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@case_page()
@require_GET
def case_document_download(request: HttpRequest, case: Case, document_id: int) -> HttpResponse:
    document = selectors.document_of_case(user=request.user, case=case, document_id=document_id)
    try:
        stream = services.document_download(actor=request.user, document=document)
    except ApplicationError as exc:
        return render(
            request,
            "documents/case_document_refused.html",
            {"case": case, "tab": "documents", "document": document, "reason": exc.message},
            status=409,
        )
    # A streamed response; `case_page` types its views as HttpResponse, which it passes on.
    return cast(HttpResponse, file_response(document, stream))

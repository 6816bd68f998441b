"""The Notes tab: the notes a person may read, and writing a note."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases import selectors, services
from cases.access import Action, can_change
from cases.case_page import case_page
from cases.forms.lists import NoteFilterForm
from cases.forms.notes import NoteForm
from cases.models import Case
from cases.note_withheld import withheld_notes
from cases.views.base import page_of
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.idempotency import idempotent_form
from earlyhelp.web import acting_user, posted

NOTES_PER_PAGE = 20


@case_page()
def case_notes(request: HttpRequest, case: Case) -> HttpResponse:
    filters = NoteFilterForm(request.GET)
    notes = selectors.case_note_list(user=request.user, case=case, note_type=filters.value("type"))
    return render(
        request,
        "cases/case_notes.html",
        {
            "case": case,
            "tab": "notes",
            "filters": filters,
            "page": page_of(request, notes, NOTES_PER_PAGE),
            "withheld": withheld_notes(user=request.user, case=case),
            "can_add": can_change(request.user, Action.ADD_NOTE, case),
        },
    )


@case_page(Action.ADD_NOTE, change=True)
@idempotent_form
def case_note_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    workers = selectors.case_workers(case=case).exclude(pk=user.pk)
    form = NoteForm(posted(request), workers=workers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_add(
                actor=user,
                case=case,
                note_type=data["note_type"],
                contact_date=data["contact_date"],
                text=data["text"],
                visibility=data.get("visibility") or None,
                sensitive_category=data.get("sensitive_category") or "",
                readers=list(data.get("readers") or []),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Note added")
            return redirect("case-notes", case_id=case.pk)
    return render(request, "cases/case_note_add.html", {"case": case, "tab": "notes", "form": form})

"""The Chronology tab: the case's events as an MOJ timeline, newest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases import selectors
from cases.case_page import case_page
from cases.models import Case
from cases.views.base import page_of


@case_page()
def case_chronology(request: HttpRequest, case: Case) -> HttpResponse:
    page = page_of(request, selectors.case_chronology(user=request.user, case=case))
    return render(
        request, "cases/case_chronology.html", {"case": case, "tab": "chronology", "page": page}
    )

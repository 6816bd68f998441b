"""The Chronology tab: the case's events as an MOJ timeline, newest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases import selectors
from cases.access import access_case
from cases.views.base import page_of
from earlyhelp.url_policy import Policy, access_policy


@access_policy(Policy.CASE)
def case_chronology(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id)
    page = page_of(request, selectors.case_chronology(user=request.user, case=case))
    return render(
        request, "cases/case_chronology.html", {"case": case, "tab": "chronology", "page": page}
    )

"""The case summary page: the landing tab of every case."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases import selectors
from cases.access import access_case, can
from cases.workflow import transitions_from
from earlyhelp.url_policy import Policy, access_policy


@access_policy(Policy.CASE)
def case_summary(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id)
    return render(
        request,
        "cases/case_summary.html",
        {
            "case": case,
            "tab": "summary",
            "enquiry": getattr(case, "enquiry", None),
            "team": selectors.case_team(case=case, current_only=True),
            "next_steps": [
                t for t in transitions_from(case.state) if can(request.user, t.action, case)
            ],
        },
    )

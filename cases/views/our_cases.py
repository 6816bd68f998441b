"""Our cases: the cases the person's agency is involved in (cases/our_cases.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.audit_reads import audit_cases_shown
from cases.forms.our_cases import OurCasesFilterForm
from cases.our_cases import how_involved, open_action_filter_available, our_agency_ids, our_cases
from cases.views.base import page_of
from earlyhelp.url_policy import Policy, access_policy
from partners.roles import CASEWORK_ROLES, Role


@access_policy(Policy.ROLES, roles=CASEWORK_ROLES | {Role.PARTNER_VIEWER})
def our_cases_list(request: HttpRequest) -> HttpResponse:
    filters = OurCasesFilterForm(request.GET)
    cases = our_cases(
        user=request.user,
        status=filters.value("status", "open"),
        open_action=filters.value("open_action", ""),
        order=filters.value("sort", "newest"),
    )
    page = page_of(request, cases)
    audit_cases_shown(actor=request.user, case_ids=[case.pk for case in page], what="Our cases")
    agencies = our_agency_ids(request.user)
    return render(
        request,
        "cases/our_cases.html",
        {
            "filters": filters,
            "page": page,
            "rows": [
                {"case": c, "involved": how_involved(case=c, agency_ids=agencies)} for c in page
            ],
            "open_action_filter": open_action_filter_available(),
        },
    )

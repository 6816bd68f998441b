"""My cases: the open cases a practitioner leads."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases import selectors
from cases.audit_reads import audit_cases_shown
from cases.forms.lists import MY_CASES_ORDERS, MyCasesFilterForm
from cases.selectors.caseloads import caseload_of
from cases.views.base import page_of
from earlyhelp.url_policy import Policy, access_policy
from partners.roles import CASEWORK_ROLES


@access_policy(Policy.ROLES, roles=CASEWORK_ROLES)
def my_cases(request: HttpRequest) -> HttpResponse:
    filters = MyCasesFilterForm(request.GET)
    order = filters.value("sort", "oldest")
    cases = selectors.my_cases_page(user=request.user, state=filters.value("state"), order=order)
    page = page_of(request, cases)
    # The caseload the home page gives, and how many of its cases this list cannot show
    # (a restricted person's case is hidden even from its lead practitioner).
    load = caseload_of(request.user)
    listed = (
        page.paginator.count
        if not filters.value("state")
        else selectors.my_cases(user=request.user).count()
    )
    audit_cases_shown(actor=request.user, case_ids=[case.pk for case in page], what="My cases")
    return render(
        request,
        "cases/my_cases.html",
        {
            "filters": filters,
            "order": order,
            "orders": MY_CASES_ORDERS,
            "page": page,
            "load": load,
            "not_listed": max(load.open_cases - listed, 0),
        },
    )

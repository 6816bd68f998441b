"""Lists across cases: my work (what is due or overdue), your enquiries (what became of
the enquiries a referrer raised) and drift (cases that have stopped moving)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cases import drift, my_work
from cases.audit_reads import audit_cases_shown
from cases.forms.lists import DriftFilterForm, MyWorkFilterForm, ReferrerFilterForm
from cases.selectors.journey import outcome_for_referrer, referrer_enquiries
from cases.services import ENQUIRY_ROLES
from cases.views.base import page_of
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user
from partners.roles import CASEWORK_ROLES, Role

WORK_PER_PAGE = 50


@access_policy(Policy.ROLES, roles=CASEWORK_ROLES)
def my_work_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    kinds = [(s.key, s.label) for s in my_work.sources()]
    filters = MyWorkFilterForm(request.GET, kinds=kinds)
    kind = filters.value("kind")
    today = timezone.localdate()
    items = my_work.work_for(user, kinds=[kind] if kind else None)
    if filters.value("overdue"):
        items = [i for i in items if i.overdue(today)]
    page = page_of(request, items, WORK_PER_PAGE)
    audit_cases_shown(actor=user, case_ids=[i.case.pk for i in page], what="My work")
    return render(
        request,
        "cases/work/my_work.html",
        {
            "filters": filters,
            "page": page,
            "rows": [
                {
                    "item": i,
                    "left": (left := i.working_days_left(today)),
                    "days": abs(left),
                    "overdue": i.overdue(today),
                }
                for i in page
            ],
            "overdue_count": sum(1 for i in items if i.overdue(today)),
        },
    )


@access_policy(Policy.ROLES, roles=ENQUIRY_ROLES)
def your_enquiries(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filters = ReferrerFilterForm(request.GET)
    page = page_of(
        request,
        referrer_enquiries(
            user=user,
            mine_only=filters.value("raised") == "me",
            order=filters.value("sort", "newest"),
        ),
    )
    audit_cases_shown(actor=user, case_ids=[e.case_id for e in page], what="Your enquiries")
    return render(
        request,
        "cases/work/your_enquiries.html",
        {
            "filters": filters,
            "page": page,
            "rows": [{"enquiry": e, "outcome": outcome_for_referrer(e.case)} for e in page],
        },
    )


@access_policy(Policy.ROLES, roles={Role.MANAGER})
def drift_list(request: HttpRequest) -> HttpResponse:
    filters = DriftFilterForm(request.GET)
    page = page_of(
        request, drift.drifting_cases(user=request.user, order=filters.value("sort", "oldest"))
    )
    audit_cases_shown(actor=request.user, case_ids=[c.pk for c in page], what="Drifting cases")
    rules = drift.rules()
    return render(
        request,
        "cases/work/drift.html",
        {
            "filters": filters,
            "page": page,
            "rows": [{"case": c, "reasons": drift.reasons_of(c, rules)} for c in page],
            "rules": rules,
        },
    )

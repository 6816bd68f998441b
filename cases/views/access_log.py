"""The Access tab (managers): who has viewed the case, the audit record, and grants."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases import selectors, services
from cases.access import Action, can
from cases.case_page import case_page
from cases.forms.access import GrantAccessForm
from cases.models import Case
from cases.views.base import page_of
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.web import acting_user, posted
from partners.selectors import agency_list, agency_member_by_email, not_a_member_message

ENTRIES_PER_PAGE = 50


@case_page(Action.VIEW_ACCESS_LOG)
def case_access(request: HttpRequest, case: Case) -> HttpResponse:
    return render(
        request,
        "cases/case_access.html",
        {
            "case": case,
            "tab": "access",
            "viewers": selectors.case_viewers(case=case),
            "grants": selectors.case_current_grants(case=case),
            "page": page_of(request, selectors.case_audit_entries(case=case), ENTRIES_PER_PAGE),
            "can_grant": can(request.user, Action.GRANT_ACCESS, case),
        },
    )


@recent_authentication_required
@case_page(Action.GRANT_ACCESS)
def case_access_grant(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    form = GrantAccessForm(posted(request), agencies=agency_list())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Looked up within the agency named: the same answer for an address with no
        # account as for one in another agency, so the form is no account finder.
        grantee = agency_member_by_email(email=data["user"], agency=data["agency"])
        if grantee is None:
            form.add_error("user", not_a_member_message(data["agency"]))
        else:
            try:
                services.case_grant_access(
                    actor=user,
                    case=case,
                    user=grantee,
                    reason=data["reason"],
                    days=data["days"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(
                    request, f"{grantee.full_name} can see this case for {data['days']} days"
                )
                return redirect("case-access", case_id=case.pk)
    return render(
        request, "cases/case_access_grant.html", {"case": case, "tab": "access", "form": form}
    )

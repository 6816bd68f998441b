"""The front door: the queue of enquiries waiting for screening, and the decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cases import selectors, services
from cases.access import Action, access_case, is_front_door_case
from cases.audit_reads import audit_cases_shown
from cases.case_page import case_page
from cases.enquiry_consent import consent_covers_allocation
from cases.forms.front_door import ScreeningForm
from cases.forms.lists import QUEUE_ORDERS, QueueFilterForm
from cases.models import Case
from cases.views.base import page_of_rows
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user, posted
from partners.roles import Role

SCREENING_ROLES = {Role.COORDINATOR, Role.MANAGER}


@access_policy(Policy.OVERSIGHT, roles=SCREENING_ROLES)
def front_door_queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET, hubs=selectors.front_door_hubs(user=request.user))
    hub = filters.value("family_hub")
    order = filters.value("sort", "oldest")
    cases = selectors.front_door_queue(
        user=request.user,
        family_hub_id=hub.pk if hub else None,
        urgency=filters.value("urgency"),
        min_working_days_waiting=filters.value("waiting"),
        order=order,
    )
    page = page_of_rows(request, cases)
    audit_cases_shown(
        actor=request.user, case_ids=[case.pk for case in page], what="Front door queue"
    )
    today = timezone.localdate()
    return render(
        request,
        "cases/front_door.html",
        {
            "filters": filters,
            "order": order,
            "orders": QUEUE_ORDERS,
            "page": page,
            "rows": [
                {"case": case, "waiting": selectors.working_days_waiting(case, today)}
                for case in page
            ],
        },
    )


@case_page(Action.SCREEN)
def case_screening(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    form = ScreeningForm(posted(request), initial={"version": case.version})
    if request.method == "POST" and is_front_door_case(case) and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_screen(
                actor=user,
                case=case,
                outcome=data["outcome"],
                reason=data["reason"],
                expected_version=data["version"],
            )
        except ConcurrentChangeError as exc:
            # Show the case as it is now, keep what was typed, and let them decide again.
            case = access_case(user=user, case_id=case.pk, audit=False)
            fresh = request.POST.copy()
            fresh["version"] = str(case.version)
            form = ScreeningForm(fresh)
            form.is_valid()
            add_application_error(form, exc)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Screening decision recorded")
            return redirect("case-summary", case_id=case.pk)
    return render(
        request,
        "cases/case_screening.html",
        {
            "case": case,
            "tab": "summary",
            "form": form,
            "open_for_screening": is_front_door_case(case),
            "consent_held": consent_covers_allocation(case),
            "enquiry": selectors.case_enquiry(case=case),
            "possible_duplicates": selectors.case_possible_duplicates(user=user, case=case),
        },
    )

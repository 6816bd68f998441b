"""Adding someone to the household after the enquiry (from the Family tab): a new baby,
a new partner. Whoever may correct the family's record on the case may add them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases.access import Action
from cases.case_page import case_page
from cases.forms.household import HouseholdMemberForm
from cases.models import Case
from cases.services.household import household_member_add
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import acting_user, posted


@require_http_methods(["GET", "POST"])
@case_page(Action.CORRECT_RECORD)
def case_household_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = HouseholdMemberForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = household_member_add(
                actor=acting_user(request), case=case, details=form.details()
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"{person.full_name} was added to the household")
            return redirect("case-family", case_id=case.pk)
    return render(
        request, "cases/case_household_add.html", {"case": case, "tab": "family", "form": form}
    )

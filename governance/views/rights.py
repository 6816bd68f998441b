"""Restriction and erasure requests, legal holds, and lifting a restriction."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import posted
from governance import retention, rights, selectors
from governance.forms import LegalHoldForm, RightsDecisionForm, RightsRequestForm
from governance.views.base import officer_page


@officer_page
@require_http_methods(["GET", "POST"])
def rights_request_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_officer(user=request.user, person_id=person_id)
    form = RightsRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            made = rights.rights_request_record(
                actor=request.user, person=person, **form.cleaned_data
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Request recorded")
            return redirect("governance-rights-request", pk=made.pk)
    return render(request, "governance/rights_request_new.html", {"form": form, "person": person})


@officer_page
@require_http_methods(["GET", "POST"])
def rights_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request, and its decision with the lawful basis."""
    made = selectors.rights_request_for_officer(user=request.user, pk=pk)
    form = RightsDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            rights.rights_request_decide(actor=request.user, request=made, **form.cleaned_data)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Decision recorded")
            return redirect("governance-rights-request", pk=made.pk)
    return render(request, "governance/rights_request.html", {"made": made, "form": form})


@officer_page
@require_POST
def restriction_lift(request: HttpRequest, pk: int) -> HttpResponse:
    restriction = selectors.current_restriction_for_officer(user=request.user, pk=pk)
    rights.restriction_lift(actor=request.user, restriction=restriction)
    messages.success(request, "Restriction lifted")
    return redirect("governance-person", person_id=restriction.person_id)


@officer_page
@require_http_methods(["GET", "POST"])
def legal_hold_new(request: HttpRequest, person_id: int) -> HttpResponse:
    """Hold a person's records, or (with ?case=) one of their cases."""
    person = selectors.person_for_officer(user=request.user, person_id=person_id)
    case = None
    if request.GET.get("case"):
        case = selectors.case_for_officer(
            user=request.user, case_id=request.GET["case"], person=person
        )
    form = LegalHoldForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            retention.legal_hold_place(
                actor=request.user,
                reason=form.cleaned_data["reason"],
                case=case,
                person=None if case else person,
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Legal hold placed")
            return redirect("governance-person", person_id=person.pk)
    return render(
        request, "governance/legal_hold_new.html", {"form": form, "person": person, "case": case}
    )


@officer_page
@require_POST
def legal_hold_lift(request: HttpRequest, pk: int) -> HttpResponse:
    hold = selectors.current_hold_for_officer(user=request.user, pk=pk)
    retention.legal_hold_lift(actor=request.user, hold=hold)
    messages.success(request, "Legal hold lifted")
    return redirect("governance-dashboard")

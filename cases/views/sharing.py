"""The Sharing tab: the Team Around the Family, consent, shares and the sharing record.

Every form posts to a view that calls one service; the service checks the permission
again (MANAGE_TEAM), so the page and the rule cannot drift apart. The sharing record
lists each share and each later disclosure made outside the system (a call, a letter,
a report sent), which those who manage the team record here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases import selectors, services
from cases.access import Action, can, can_change, require_change
from cases.case_page import case_page
from cases.forms.sharing import (
    ConsentForm,
    DisclosureForm,
    ShareEndForm,
    ShareForm,
    TeamMemberEndForm,
    TeamMemberForm,
)
from cases.models import Case
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import acting_user, posted
from partners.selectors import agency_list, agency_member_by_email, not_a_member_message


@case_page()
def case_sharing(request: HttpRequest, case: Case) -> HttpResponse:
    return render(
        request,
        "cases/case_sharing.html",
        {
            "case": case,
            "tab": "sharing",
            "team": selectors.case_team(case=case),
            "consents": selectors.case_consents(case=case),
            "shares": selectors.case_shares(case=case),
            "disclosures": selectors.case_disclosures(case=case),
            "can_manage": can_change(request.user, Action.MANAGE_TEAM, case),
            # A closed case still takes the record of what is shared from it.
            "can_record": can(request.user, Action.MANAGE_TEAM, case),
        },
    )


@case_page(Action.MANAGE_TEAM, change=True)
def case_team_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    form = TeamMemberForm(
        posted(request), agencies=agency_list(), agreements=selectors.sharing_agreements()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Looked up only within the agency chosen: an address with no account and one
        # in another agency get the same answer, so the form finds out nobody's account.
        named = (
            agency_member_by_email(email=data["user"], agency=data["agency"])
            if data.get("user")
            else None
        )
        if data.get("user") and named is None:
            form.add_error("user", not_a_member_message(data["agency"]))
        else:
            try:
                services.team_member_add(
                    actor=user,
                    case=case,
                    agency=data["agency"],
                    user=named,
                    role_on_case=(data.get("role_on_case") or "").strip(),
                    basis=form.share_basis(),
                    lawful_reason=(data.get("lawful_reason") or "").strip(),
                    agreement=data.get("agreement"),
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, f"{named or data['agency']} added to the team")
                return redirect("case-sharing", case_id=case.pk)
    return render(
        request, "cases/case_team_add.html", {"case": case, "tab": "sharing", "form": form}
    )


@case_page()
def case_team_end(request: HttpRequest, case: Case, member_id: int) -> HttpResponse:
    user = acting_user(request)
    member = selectors.case_team_member(case=case, member_id=member_id)
    require_change(user, Action.MANAGE_TEAM, case)
    form = TeamMemberEndForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_end(
                actor=user, member=member, ended_on=form.cleaned_data.get("ended_on")
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"{member.user or member.agency} has left the team")
            return redirect("case-sharing", case_id=case.pk)
    return render(
        request,
        "cases/case_team_end.html",
        {"case": case, "tab": "sharing", "form": form, "member": member},
    )


@case_page(Action.MANAGE_TEAM, change=True)
def case_consent_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    form = ConsentForm(
        posted(request),
        people=selectors.household_people(family=case.family),
        agencies=agency_list(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                actor=user,
                case=case,
                decision=data["decision"],
                basis=data["basis"],
                person=data.get("person"),
                agencies=list(data.get("agencies") or []),
                purposes=(data.get("purposes") or "").strip(),
                lawful_reason=(data.get("lawful_reason") or "").strip(),
                method=data["method"],
                decided_on=data.get("decided_on"),
                review_on=data.get("review_on"),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Consent recorded")
            if request.GET.get("from") == "screening":  # recorded during screening: go back
                return redirect("case-screening", case_id=case.pk)
            return redirect("case-sharing", case_id=case.pk)
    return render(
        request, "cases/case_consent_add.html", {"case": case, "tab": "sharing", "form": form}
    )


@case_page(Action.MANAGE_TEAM, change=True)
def case_share_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    form = ShareForm(
        posted(request),
        agencies=agency_list(),
        consents=selectors.case_given_consents(case=case),
        agreements=selectors.sharing_agreements(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_share(
                actor=user,
                case=case,
                agency=data["agency"],
                basis=data["basis"],
                consent=data.get("consent"),
                lawful_reason=(data.get("lawful_reason") or "").strip(),
                agreement=data.get("agreement"),
                purpose=(data.get("purpose") or "").strip(),
                ends_on=data.get("ends_on"),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Case shared with {data['agency'].name}")
            return redirect("case-sharing", case_id=case.pk)
    return render(
        request, "cases/case_share_add.html", {"case": case, "tab": "sharing", "form": form}
    )


@case_page()
def case_share_end(request: HttpRequest, case: Case, share_id: int) -> HttpResponse:
    user = acting_user(request)
    share = selectors.case_share_of(case=case, share_id=share_id)
    require_change(user, Action.MANAGE_TEAM, case)
    form = ShareEndForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_share_end(actor=user, share=share, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Sharing with {share.agency.name} has ended")
            return redirect("case-sharing", case_id=case.pk)
    return render(
        request,
        "cases/case_share_end.html",
        {"case": case, "tab": "sharing", "form": form, "share": share},
    )


@case_page(Action.MANAGE_TEAM)
def case_disclosure_add(request: HttpRequest, case: Case) -> HttpResponse:
    """Record information shared outside the system, for the sharing record."""
    user = acting_user(request)
    form = DisclosureForm(posted(request), agencies=agency_list())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.disclosure_record(
                actor=user,
                case=case,
                what=data["what"],
                shared_with_agency=data.get("shared_with_agency"),
                shared_with=data.get("shared_with") or "",
                purpose=data["purpose"],
                basis=data["basis"],
                reasoning=data["reasoning"],
                shared_on=data.get("shared_on"),
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "What was shared has been recorded")
            return redirect("case-sharing", case_id=case.pk)
    return render(
        request, "cases/case_disclosure_add.html", {"case": case, "tab": "sharing", "form": form}
    )

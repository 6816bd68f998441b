"""Case pages of the journey: changing the lead practitioner, proposing closure and signing
it off (or returning it), stepping up to social care, and stepping across to the
multi-agency child protection team.

Each page fetches its case through access_case (404 if not visible) and checks the
action with require (403); the service checks again. A stale page (someone changed the
case meanwhile) is shown again with what was typed and the reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from cases import services
from cases.access import Action, access_case
from cases.case_page import case_page
from cases.forms.journey import (
    ClosureDecisionForm,
    ClosureProposalForm,
    LeadChangeForm,
    StepAcrossForm,
    StepUpForm,
)
from cases.forms.leads import LeadOptions
from cases.models import Case, NeedLevel
from cases.selectors.caseloads import agencies_serving, caseload_of, caseloads, lead_choices
from cases.selectors.journey import case_journey, lead_history
from cases.workflow import TRANSITIONS, TransitionName
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import acting_user, posted
from partners.selectors import agency_list, agency_member_by_email, not_a_member_message


def _fresh(request: HttpRequest, case: Case) -> tuple[Case, QueryDict]:
    """The case as it is now, and what was posted with the version updated to it."""
    case = access_case(user=request.user, case_id=case.pk, audit=False)
    data = request.POST.copy()
    data["version"] = str(case.version)
    return case, data


def _lead_options(case: Case) -> LeadOptions:
    members = lead_choices(
        agencies=agencies_serving(zone_id=case.zone_id).values_list("pk", flat=True)
    )
    return LeadOptions(members, caseloads(m.user_id for m in members))


@case_page(Action.REASSIGN)
def case_lead_change(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    leads = _lead_options(case)
    form = LeadChangeForm(posted(request), initial={"version": case.version}, leads=leads)
    if request.method == "POST" and case.state in services.LED_STATES and form.is_valid():
        lead, agency = form.chosen()
        try:
            services.lead_practitioner_change(
                actor=user,
                case=case,
                lead_practitioner=lead,
                lead_agency=agency,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ConcurrentChangeError as exc:
            case, data = _fresh(request, case)
            form = LeadChangeForm(data, leads=leads)
            form.is_valid()
            add_application_error(form, exc)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"{lead.full_name} is now the lead practitioner")
            load = caseload_of(lead)
            if load.over_limit:
                messages.warning(
                    request,
                    f"{lead.full_name} now leads {load.open_cases} cases, over their limit "
                    f"of {load.limit}",
                )
            return redirect("case-summary", case_id=case.pk)
    return render(
        request,
        "cases/journey/lead_change.html",
        {
            "case": case,
            "tab": "summary",
            "form": form,
            "changeable": case.state in services.LED_STATES,
            "history": lead_history(case=case),
        },
    )


def _levels() -> Any:
    return NeedLevel.objects.filter(is_active=True)


@case_page(Action.WORK)
def case_closure_propose(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    proposable = case.state in TRANSITIONS[TransitionName.PROPOSE_CLOSURE].sources
    form = ClosureProposalForm(posted(request), initial={"version": case.version}, levels=_levels())
    if request.method == "POST" and proposable and form.is_valid():
        try:
            services.case_closure_propose(actor=user, case=case, **form.proposal_kwargs())
        except ConcurrentChangeError as exc:
            case, data = _fresh(request, case)
            form = ClosureProposalForm(data, levels=_levels())
            form.is_valid()
            add_application_error(form, exc)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Closure proposed: a manager will sign it off")
            return redirect("case-summary", case_id=case.pk)
    return render(
        request,
        "cases/journey/closure_propose.html",
        {
            "case": case,
            "tab": "summary",
            "form": form,
            "proposable": proposable,
            "journey": case_journey(case=case),
        },
    )


@case_page(Action.SIGN_OFF)
def case_closure_decision(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    journey = case_journey(case=case)
    form = ClosureDecisionForm(posted(request), initial={"version": case.version})
    waiting = case.state == State.CLOSING and journey.awaiting_sign_off
    if request.method == "POST" and waiting and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "sign_off":
                services.case_closure_sign_off(
                    actor=user,
                    case=case,
                    comments=data.get("comments") or "",
                    expected_version=data["version"],
                )
            else:
                services.case_closure_return(
                    actor=user,
                    case=case,
                    comments=data.get("comments") or "",
                    expected_version=data["version"],
                )
        except ConcurrentChangeError as exc:
            case, fresh = _fresh(request, case)
            form = ClosureDecisionForm(fresh)
            form.is_valid()
            add_application_error(form, exc)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                "Closure signed off: the case is closed"
                if data["decision"] == "sign_off"
                else "Closure returned to the lead practitioner",
            )
            return redirect("case-summary", case_id=case.pk)
    return render(
        request,
        "cases/journey/closure_decision.html",
        {"case": case, "tab": "summary", "form": form, "journey": journey, "waiting": waiting},
    )


@case_page(Action.SIGN_OFF)
def case_step_up(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    open_beyond_front_door = case.state in TRANSITIONS[TransitionName.STEP_UP].sources
    form = StepUpForm(posted(request), initial={"version": case.version}, levels=_levels())
    if request.method == "POST" and open_beyond_front_door and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_step_up(
                actor=user,
                case=case,
                reason=data["reason"],
                closing_level=data.get("closing_level"),
                expected_version=data["version"],
            )
        except ConcurrentChangeError as exc:
            case, fresh = _fresh(request, case)
            form = StepUpForm(fresh, levels=_levels())
            form.is_valid()
            add_application_error(form, exc)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Stepped up to children's social care: the case is closed")
            return redirect("case-summary", case_id=case.pk)
    return render(
        request,
        "cases/journey/step_up.html",
        {"case": case, "tab": "summary", "form": form, "allowed": open_beyond_front_door},
    )


@case_page(Action.WORK)
def case_step_across(request: HttpRequest, case: Case) -> HttpResponse:
    user = acting_user(request)
    allowed = case.state in services.LED_STATES
    form = StepAcrossForm(posted(request), agencies=agency_list())
    if request.method == "POST" and allowed and form.is_valid():
        data = form.cleaned_data
        # Only within the agency chosen, so no answer tells whether an address has an
        # account somewhere else.
        practitioner = agency_member_by_email(email=data["practitioner"], agency=data["agency"])
        if practitioner is None:
            form.add_error("practitioner", not_a_member_message(data["agency"]))
        else:
            try:
                services.case_step_across(
                    actor=user,
                    case=case,
                    agency=data["agency"],
                    practitioner=practitioner,
                    reason=data["reason"],
                    stepped_across_on=data.get("stepped_across_on"),
                )
            except ApplicationError as exc:
                if "user" in exc.extra:  # the team's word for the person
                    exc.extra["practitioner"] = exc.extra.pop("user")
                add_application_error(form, exc)
            else:
                messages.success(
                    request,
                    f"Stepped across: {practitioner.full_name} has joined the team as the lead "
                    "child protection practitioner",
                )
                return redirect("case-summary", case_id=case.pk)
    return render(
        request,
        "cases/journey/step_across.html",
        {"case": case, "tab": "summary", "form": form, "allowed": allowed},
    )

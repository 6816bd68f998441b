"""Family network meetings: recording one, changing it, and reading it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from cases.access import Action, can
from cases.case_page import case_page
from cases.models import Case
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import acting_user
from family_plans import selectors, services
from family_plans.forms import NetworkMeetingForm, NetworkMembers, yes_no
from family_plans.models import FamilyNetworkMeeting
from family_plans.services import NetworkMeetingDetails, NetworkPerson
from family_plans.views.base import error_forms, has_errors, rows_changed
from family_plans.views.meetings import TAB


def _network_forms(
    request: HttpRequest, meeting: FamilyNetworkMeeting | None
) -> tuple[NetworkMeetingForm, Any, bool]:
    changed = rows_changed(request, "network")
    if changed is not None:
        return (
            NetworkMeetingForm(changed, quiet=True),
            NetworkMembers(changed, prefix="network", quiet=True),
            True,
        )
    if request.method == "POST":
        return (
            NetworkMeetingForm(request.POST),
            NetworkMembers(request.POST, prefix="network"),
            False,
        )
    if meeting is None:
        return (
            NetworkMeetingForm(
                initial={"offered_on": timezone.localdate(), "response": "awaiting"}
            ),
            NetworkMembers(prefix="network", initial=[{}]),
            False,
        )
    answer = {True: "yes", False: "no", None: ""}
    return (
        NetworkMeetingForm(
            initial={
                "offered_on": meeting.offered_on,
                "response": meeting.response,
                "response_on": meeting.response_on,
                "declined_reason": meeting.declined_reason,
                "facilitator_name": meeting.facilitator_name,
                "facilitator_organisation": meeting.facilitator_organisation,
                "facilitated_on": meeting.facilitated_on,
                "private_family_time": answer[meeting.private_family_time],
                "family_plan": meeting.family_plan,
                "outcome": meeting.outcome,
                "version": meeting.version,
            }
        ),
        NetworkMembers(
            prefix="network",
            initial=[
                {
                    "name": p.name,
                    "relationship": p.relationship,
                    "relationship_detail": p.relationship_detail,
                    "attended": answer[p.attended],
                }
                for p in meeting.network.all()
            ]
            or [{}],
        ),
        False,
    )


def _network_save(
    request: HttpRequest, case: Case, meeting: FamilyNetworkMeeting | None
) -> HttpResponse:
    form, network, edited = _network_forms(request, meeting)
    if request.method == "POST" and not edited and (form.is_valid() & network.is_valid()):
        data = form.cleaned_data
        rows = [(n, f) for n, f in enumerate(network.forms) if f.has_content()]
        details = NetworkMeetingDetails(
            offered_on=data["offered_on"],
            response=data["response"] or "",
            response_on=data["response_on"],
            declined_reason=data["declined_reason"],
            facilitator_name=data["facilitator_name"],
            facilitator_organisation=data["facilitator_organisation"],
            facilitated_on=data["facilitated_on"],
            private_family_time=yes_no(data["private_family_time"]),
            family_plan=data["family_plan"],
            outcome=data["outcome"],
            network=[
                NetworkPerson(
                    name=f.cleaned_data["name"],
                    relationship=f.cleaned_data["relationship"],
                    relationship_detail=f.cleaned_data["relationship_detail"],
                    attended=yes_no(f.cleaned_data["attended"]),
                )
                for _, f in rows
            ],
        )
        try:
            saved = services.network_meeting_save(
                actor=acting_user(request),
                case=case,
                details=details,
                meeting=meeting,
                expected_version=data.get("version"),
            )
        except ApplicationError as exc:
            add_application_error(
                form, exc, {"network": network}, {"network": [n for n, _ in rows]}
            )
        else:
            messages.success(request, "Family network meeting saved")
            return redirect("network-meeting", case_id=case.pk, meeting_id=saved.pk)
    return render(
        request,
        "family_plans/network_form.html",
        {
            "case": case,
            "tab": TAB,
            "form": form,
            "network": network,
            "meeting": meeting,
            "error_forms": error_forms(form, network),
            "has_errors": has_errors(form, network),
        },
    )


@case_page(Action.WORK)
def network_new(request: HttpRequest, case: Case) -> HttpResponse:
    return _network_save(request, case, None)


@case_page(Action.WORK)
def network_edit(request: HttpRequest, case: Case, meeting_id: int) -> HttpResponse:
    meeting = selectors.network_meeting_for(case=case, meeting_id=meeting_id)
    return _network_save(request, case, meeting)


@case_page()
def network_detail(request: HttpRequest, case: Case, meeting_id: int) -> HttpResponse:
    meeting = selectors.network_meeting_for(case=case, meeting_id=meeting_id)
    return render(
        request,
        "family_plans/network_detail.html",
        {
            "case": case,
            "tab": TAB,
            "meeting": meeting,
            "can_work": can(request.user, Action.WORK, case)
            and case.state in services.MEETING_STATES,
        },
    )

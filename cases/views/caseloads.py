"""Caseloads: each lead practitioner's open cases against their limit, per person and per
team (agency and zone), and reassigning a leaver's cases in one go."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases import services
from cases.audit_reads import audit_cases_shown
from cases.forms.journey import ReassignForm
from cases.forms.leads import LeadOptions
from cases.forms.lists import CaseloadFilterForm
from cases.selectors import caseloads as loads
from cases.views.base import page_of
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user, posted
from partners.models import User
from partners.roles import Role

OVERSIGHT_ROLES = {Role.COORDINATOR, Role.MANAGER}
caseload_pages = access_policy(Policy.ROLES, roles=OVERSIGHT_ROLES)


@caseload_pages
def caseload_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    filters = CaseloadFilterForm(
        request.GET,
        agencies=loads.caseload_agencies(user=user),
        zones=loads.caseload_zones(user=user),
    )
    agency, zone = filters.value("agency"), filters.value("zone")
    listing = loads.caseload_list(
        user=user,
        agency_id=agency.pk if agency else None,
        zone_id=zone.pk if zone else None,
        order=filters.value("sort", "most"),
    )
    page = page_of(request, listing.people)
    # The page's people by id: the ids came from the scoped list above.
    shown = User.objects.in_bulk(page.object_list)
    return render(
        request,
        "cases/caseloads/list.html",
        {
            "filters": filters,
            "page": page,
            "rows": [{"person": shown[pk], "load": listing.load(pk)} for pk in page.object_list],
            "agency_teams": listing.agency_teams,
            "zone_teams": loads.zone_teams(user=user),
        },
    )


def _person(request: HttpRequest, person_id: int) -> User:
    person = loads.overseen_person(user=request.user, person_id=person_id)
    if person is None:
        raise Http404("No such person")
    return person


@caseload_pages
def caseload_person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    page = page_of(request, loads.person_cases(user=request.user, person=person))
    audit_cases_shown(
        actor=request.user,
        case_ids=[case.pk for case in page],
        what="Caseload",
        detail={"person": person.pk},
    )
    return render(
        request,
        "cases/caseloads/person.html",
        {"person": person, "load": loads.caseload_of(person), "page": page},
    )


@caseload_pages
def caseload_reassign(request: HttpRequest, person_id: int) -> HttpResponse:
    user = acting_user(request)
    leaver = _person(request, person_id)
    cases = list(loads.reassignable_cases(user=user, person=leaver))
    members = loads.lead_choices(
        agencies={c.lead_agency_id for c in cases if c.lead_agency_id}
        | set(loads.caseload_agencies(user=user).values_list("pk", flat=True))
    )
    members = [m for m in members if m.user_id != leaver.pk]
    leads = LeadOptions(members, loads.caseloads(m.user_id for m in members))
    form = ReassignForm(posted(request), cases=cases, leads=leads)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = services.lead_practitioners_reassign(
                actor=user,
                leaver=leaver,
                changes=data["changes"],
                reason=data["reason"],
                versions=data["versions"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                f"{len(moved)} case{'s' if len(moved) != 1 else ''} reassigned from "
                f"{leaver.full_name}",
            )
            new_leads = {lead for _, lead, _ in data["changes"]}
            over = [
                load
                for load in loads.caseloads(lead.pk for lead in new_leads).values()
                if load.over_limit
            ]
            names = {lead.pk: lead.full_name for lead in new_leads}
            for load in over:
                messages.warning(
                    request,
                    f"{names[load.user_id]} now leads {load.open_cases} cases, over their "
                    f"limit of {load.limit}",
                )
            return redirect("caseload-person", person_id=leaver.pk)
    return render(
        request,
        "cases/caseloads/reassign.html",
        {"leaver": leaver, "form": form, "cases": cases},
    )

"""The practitioner's side: the case tab "Family online" — who may sign in, inviting and
withdrawing, and what the family added ("the family's view"), which can be brought into
a meeting's minutes."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cases.access import can
from cases.capabilities import Action
from cases.case_page import case_page
from cases.models import Case, ChronologyEntry
from earlyhelp.errors import ApplicationError
from family_view.events import CHRONOLOGY_KIND
from family_view.forms import InviteForm, WithdrawForm
from family_view.models import FamilyAccess, FamilyContribution
from family_view.services.access import Invitation, family_access_invite, family_access_withdraw
from family_view.services.minutes import contribution_into_minutes

TAB = "family_online"


def _access_of(case: Case, access_id: int) -> FamilyAccess:
    access = FamilyAccess.objects.filter(case=case, pk=access_id).select_related("person").first()
    if access is None:
        raise Http404("No such access")
    return access


@case_page()
@require_http_methods(["GET"])
def tab(request: HttpRequest, case: Case) -> HttpResponse:
    accesses = list(FamilyAccess.objects.filter(case=case).select_related("person", "invited_by"))
    return render(
        request,
        "family_view/practitioner/tab.html",
        {
            "case": case,
            "tab": TAB,
            "accesses": accesses,
            "current_ids": set(
                FamilyAccess.objects.current().filter(case=case).values_list("pk", flat=True)
            ),
            "contributions": FamilyContribution.objects.filter(case=case).select_related(
                "access__person", "meeting", "brought_by"
            ),
            "added": ChronologyEntry.objects.filter(case=case, kind=CHRONOLOGY_KIND).order_by(
                "-at"
            )[:50],
            "can_manage": can(request.user, Action.MANAGE_TEAM, case) and case.is_open,
            "can_minute": can(request.user, Action.ADD_NOTE, case) and case.is_open,
        },
    )


@case_page(Action.MANAGE_TEAM, change=True)
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, case: Case) -> HttpResponse:
    form = InviteForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access = family_access_invite(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                invitation=Invitation(
                    person=form.people.get(data["person"]),
                    email=data["email"],
                    mobile=data["mobile"],
                    code_channel=data["code_channel"],
                    young_person_agreed=data["young_person_agreed"],
                    shares_plan=data["shares_plan"],
                    shares_star=data["shares_star"],
                    shares_meetings=data["shares_meetings"],
                ),
            )
        except ApplicationError as error:
            for field, problems in error.extra.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            if not error.extra:
                form.add_error(None, error.message)
        else:
            messages.success(request, f"{access.person.full_name} has been sent a link to sign in")
            return redirect("family-online-tab", case_id=case.pk)
    return render(
        request, "family_view/practitioner/invite.html", {"case": case, "tab": TAB, "form": form}
    )


@case_page(Action.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, case: Case, access_id: int) -> HttpResponse:
    access = _access_of(case, access_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            family_access_withdraw(
                actor=request.user,  # type: ignore[arg-type]
                access=access,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{access.person.full_name} can no longer sign in")
            return redirect("family-online-tab", case_id=case.pk)
    return render(
        request,
        "family_view/practitioner/withdraw.html",
        {"case": case, "tab": TAB, "form": form, "access": access},
    )


@case_page(Action.ADD_NOTE, change=True)
@require_POST
def into_minutes(request: HttpRequest, case: Case, contribution_id: int) -> HttpResponse:
    contribution = (
        FamilyContribution.objects.filter(case=case, pk=contribution_id)
        .select_related("access__person", "meeting", "case")
        .first()
    )
    if contribution is None:
        raise Http404("No such view")
    try:
        meeting = contribution_into_minutes(actor=request.user, contribution=contribution)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Added to the family's views of the meeting on {meeting.starts_at:%-d %B %Y}"
        )
    return redirect("family-online-tab", case_id=case.pk)

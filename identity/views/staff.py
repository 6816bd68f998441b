"""Agency administrators' pages (and system administrators'): their staff, inviting,
roles, deactivation, unlocking and resetting second factors, and who has not signed in
for 90 days."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user, posted
from identity import selectors
from identity.forms import InviteForm, RolesForm, SecondFactorResetForm, StaffFilterForm
from identity.lockout import account_lockout_ends
from identity.models import Invitation
from identity.permissions import (
    administered_agencies,
    assignable_roles,
    may_administer_agency,
    may_manage_person,
    staff_agency_ids,
)
from identity.services import staff as staff_services
from identity.services.invitations import invitation_resend, invitation_send
from identity.services.second_factor import has_second_factor
from partners.models import Agency, User
from partners.roles import Role

ADMINS = {Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN}
PER_PAGE = 25


def _person_or_404(request: HttpRequest, user_id: int) -> User:
    person = selectors.staff_person(actor=acting_user(request), user_id=user_id)
    if person is None:
        raise Http404("No such person")
    return person


@access_policy(Policy.ROLES, roles=ADMINS)
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    agencies = administered_agencies(actor=actor)
    filters = StaffFilterForm(request.GET or None, agencies=agencies)
    people = selectors.staff_list(
        actor=actor,
        name=filters.value("name"),
        status=filters.value("status"),
        agency_id=filters.value("agency"),
    )
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "identity/staff_list.html",
        {"filters": filters, "page": page, "agencies": agencies},
    )


@access_policy(Policy.ROLES, roles=ADMINS)
def staff_invite(request: HttpRequest) -> HttpResponse:
    actor = acting_user(request)
    agencies = administered_agencies(actor=actor)
    chosen = (
        request.POST.get("agency")
        or request.GET.get("agency")
        or (str(agencies[0].pk) if len(agencies) == 1 else "")
    )
    agency = next((a for a in agencies if str(a.pk) == chosen), None)
    if agency is None and len(agencies) == 1:
        agency = agencies[0]
    roles = assignable_roles(actor=actor, agency=agency) if agency else []
    if len(agencies) > 1 and agency is None:
        all_roles = {r for a in agencies for r in assignable_roles(actor=actor, agency=a)}
        roles = [r.value for r in Role if r.value in all_roles]
    form = InviteForm(
        posted(request),
        agencies=agencies,
        roles=roles,
        initial={"agency": agency.pk if agency else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = get_object_or_404(Agency, pk=data["agency"])
        try:
            outcome = invitation_send(
                actor=actor,
                email=data["email"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                agency=target,
                role=data["role"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if outcome.invitation is None:
                messages.success(
                    request,
                    f"{outcome.person.full_name} already had an account: they now have the "
                    f"role at {target.name} and have been told by email.",
                )
            else:
                messages.success(
                    request,
                    f"Invitation sent to {outcome.person.email}. The link works until "
                    f"{outcome.invitation.expires_at:%-d %B %Y}.",
                )
            return redirect("staff-person", user_id=outcome.person.pk)
    return render(
        request,
        "identity/staff_invite.html",
        {"form": form, "agencies": agencies, "no_roles": not roles},
    )


@access_policy(Policy.ROLES, roles=ADMINS)
def staff_person(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = acting_user(request)
    person = _person_or_404(request, user_id)
    agency_ids = staff_agency_ids(actor=actor, person=person)
    agencies = [a for a in administered_agencies(actor=actor) if a.pk in agency_ids]
    invitation = person.invitations_all[0] if person.invitations_all else None  # type: ignore[attr-defined]
    return render(
        request,
        "identity/staff_person.html",
        {
            "person": person,
            "agencies": agencies,
            "invitation": invitation,
            "may_manage": may_manage_person(actor=actor, person=person),
            "locked_until": account_lockout_ends(email=person.email),
            "has_app": has_second_factor(user=person),
            "is_self": person.pk == actor.pk,
        },
    )


@access_policy(Policy.ROLES, roles=ADMINS)
def staff_roles(request: HttpRequest, user_id: int, agency_id: int) -> HttpResponse:
    actor = acting_user(request)
    person = _person_or_404(request, user_id)
    agency = get_object_or_404(Agency, pk=agency_id)
    if not may_administer_agency(actor=actor, agency=agency) or person.pk == actor.pk:
        raise PermissionDenied
    allowed = assignable_roles(actor=actor, agency=agency)
    current = [m.role for m in person.roles_here if m.agency_id == agency.pk]  # type: ignore[attr-defined]
    form = RolesForm(
        posted(request),
        roles=allowed,
        initial={"roles": [r for r in current if r in allowed]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.staff_roles_set(
                actor=actor, person=person, agency=agency, roles=form.cleaned_data["roles"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{person.full_name}'s roles at {agency.name} are saved.")
            return redirect("staff-person", user_id=person.pk)
    fixed = [Role(r).label for r in current if r not in allowed]
    return render(
        request,
        "identity/staff_roles.html",
        {"form": form, "person": person, "agency": agency, "fixed": fixed},
    )


@access_policy(Policy.ROLES, roles=ADMINS)
def staff_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    """Deactivate a leaver (a confirmation page, then one button)."""
    actor = acting_user(request)
    person = _person_or_404(request, user_id)
    agency = None
    if request.GET.get("agency") or request.POST.get("agency"):
        agency = get_object_or_404(
            Agency, pk=request.POST.get("agency") or request.GET.get("agency")
        )
    if request.method == "POST":
        closed = staff_services.staff_deactivate(actor=actor, person=person, agency=agency)
        messages.success(
            request,
            f"{person.full_name} has been deactivated"
            + (" and signed out everywhere." if closed else " at your agency."),
        )
        if request.POST.get("return_to") == "dormant":
            return redirect("staff-dormant")
        return redirect("staff-person", user_id=person.pk)
    return render(request, "identity/staff_deactivate.html", {"person": person, "agency": agency})


@access_policy(Policy.ROLES, roles=ADMINS)
def staff_second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = acting_user(request)
    person = _person_or_404(request, user_id)
    if not may_manage_person(actor=actor, person=person):
        raise PermissionDenied
    form = SecondFactorResetForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.second_factor_reset(
                actor=actor, person=person, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                f"{person.full_name}'s second factor has been reset. They will set up a new "
                "one when they next sign in.",
            )
            return redirect("staff-person", user_id=person.pk)
    return render(
        request, "identity/staff_second_factor_reset.html", {"form": form, "person": person}
    )


@access_policy(Policy.ROLES, roles=ADMINS)
@require_POST
def staff_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person_or_404(request, user_id)
    staff_services.account_unlock(actor=acting_user(request), person=person)
    messages.success(request, f"{person.full_name} can sign in again.")
    return redirect("staff-person", user_id=person.pk)


@access_policy(Policy.ROLES, roles=ADMINS)
@require_POST
def staff_invitation_resend(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _person_or_404(request, user_id)
    invitation = Invitation.objects.filter(user=person).select_related("agency").first()
    if invitation is None:
        raise Http404("No invitation")
    try:
        invitation = invitation_resend(actor=acting_user(request), invitation=invitation)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"A new invitation has been sent to {person.email}. The earlier link no longer works.",
        )
    return redirect("staff-person", user_id=person.pk)


@access_policy(Policy.ROLES, roles=ADMINS)
def staff_dormant(request: HttpRequest) -> HttpResponse:
    """People who have not signed in for 90 days, each with a one-click deactivation."""
    actor = acting_user(request)
    people = selectors.dormant_staff(actor=actor)
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "identity/staff_dormant.html",
        {
            "page": page,
            "days": selectors.DORMANT_DAYS,
            "agencies": administered_agencies(actor=actor),
        },
    )

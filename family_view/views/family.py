"""The signed-in family member's pages: their plan, meeting, Star, views, consent and
feedback. Each is one selector or service call."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.selectors import star_page
from assessments.star_chart import star_svg
from earlyhelp.errors import ApplicationError
from family_plans import ics
from family_view import selectors
from family_view.forms import ConsentForm, FeedbackForm, ViewForm
from family_view.models import FamilyAccess
from family_view.services import family
from family_view.views.base import family_page


def _lead(access: FamilyAccess) -> dict[str, object]:
    case = access.case
    return {
        "lead": case.lead_practitioner,
        "lead_agency": case.lead_agency,
    }


@family_page("home")
@require_http_methods(["GET"])
def home(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    _plan, parts = selectors.plan_for(access=access)
    mine = [line for part in parts for line in part.lines if line.mine]
    return render(
        request,
        "family_view/home.html",
        {
            "access": access,
            **_lead(access),
            "meeting": selectors.next_meeting(access=access),
            "my_actions": mine,
            "feedback_open": selectors.feedback_open(case=access.case),
            "ends_on": access.ends_on(),
        },
    )


@family_page("plan")
@require_http_methods(["GET"])
def plan(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    found, parts = selectors.plan_for(access=access)
    return render(
        request,
        "family_view/plan.html",
        {
            "access": access,
            "plan": found,
            "parts": parts,
            "services": selectors.services_for(parts),
        },
    )


@family_page("action_done")
@require_POST
def action_done(request: HttpRequest, access: FamilyAccess, action_id: int) -> HttpResponse:
    try:
        action = family.action_mark_done(access=access, action_id=action_id)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Thank you. Action %(number)s is marked as done.") % {"number": action.number},
        )
    return redirect("family:plan")


@family_page("meeting_calendar")
@require_http_methods(["GET"])
def meeting_calendar(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    meeting = selectors.next_meeting(access=access)
    if meeting is None:
        raise Http404("No meeting coming up")
    event = ics.MeetingEvent(
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=_("Team Around the Family meeting"),
        location=meeting.location,
        online_link=meeting.online_link,
        organiser_name=f"{meeting.organiser.full_name} ({settings.SERVICE_NAME})",
    )
    response = HttpResponse(
        ics.meeting_calendar(event), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@family_page("star")
@require_http_methods(["GET"])
def star(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    if access.is_young_person and not access.shares_star:
        raise Http404("Not shared")
    page = star_page(case=access.case)
    chart = None
    if page.chart:
        chart = mark_safe(  # noqa: S308 - star_svg escapes every text it draws
            star_svg(scales=page.scales, readings=page.chart, star_name=page.star_name)
        )
    return render(
        request,
        "family_view/star.html",
        {"access": access, "page": page, "chart": chart},
    )


@family_page("views")
@require_http_methods(["GET", "POST"])
def views(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    form = ViewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            family.contribution_add(access=access, text=form.cleaned_data["text"])
        except ApplicationError as error:
            for field, problems in error.extra.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            if not error.extra:
                form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Thank you. Your lead practitioner will see what you said.")
            )
            return redirect("family:views")
    return render(
        request,
        "family_view/views.html",
        {
            "access": access,
            "form": form,
            "meeting": selectors.next_meeting(access=access),
            "added": selectors.contributions(access=access),
        },
    )


@family_page("consent")
@require_http_methods(["GET"])
def consent(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    return render(
        request,
        "family_view/consent.html",
        {"access": access, "rows": selectors.consent_choices(access=access)},
    )


@family_page("consent_decide")
@require_POST
def consent_decide(request: HttpRequest, access: FamilyAccess, agency_id: int) -> HttpResponse:
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select yes or no"))
        return redirect("family:consent")
    agency = selectors.consent_agency(access=access, agency_id=agency_id)
    try:
        family.consent_decide(
            access=access, agency_id=agency.pk, decision=form.cleaned_data["decision"]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        if form.cleaned_data["decision"] == "given":
            text = _("You said %(agency)s can see your family's information.")
        else:
            text = _("You said %(agency)s can no longer see your family's information.")
        messages.success(request, text % {"agency": agency.name})
    return redirect("family:consent")


@family_page("feedback")
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, access: FamilyAccess) -> HttpResponse:
    if not selectors.feedback_open(case=access.case):
        raise Http404("Not at closure")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            family.feedback_give(
                access=access,
                timely_and_helpful=form.cleaned_data["timely_and_helpful"],
                comments=form.cleaned_data["comments"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you for telling us."))
            return redirect("family:home")
    return render(
        request,
        "family_view/feedback.html",
        {"access": access, "form": form, "given": selectors.feedback_given(access=access)},
    )

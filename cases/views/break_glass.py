"""Opening a case without a relationship (break-glass), and the managers' review queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases import break_glass
from cases.forms.break_glass import BreakGlassForm, BreakGlassReviewForm
from cases.views.base import page_of
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user, posted
from partners.roles import CASEWORK_ROLES, Role


@access_policy(Policy.ROLES, roles=CASEWORK_ROLES)
@recent_authentication_required
def break_glass_open(request: HttpRequest, case_id: int) -> HttpResponse:
    """Not a CASE view: the person cannot see the case, which is the point. The service
    checks they are the service's staff; the page says nothing about the case."""
    user = acting_user(request)
    if not break_glass.may_break_glass(user):
        raise PermissionDenied("Only the service's staff may open a case this way")
    form = BreakGlassForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            case = break_glass.break_glass_open(
                actor=user, case_id=case_id, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(
                request,
                f"You can see this case for {settings.BREAK_GLASS_HOURS} hours. "
                "The lead agency's manager will review why you opened it.",
            )
            return redirect("case-summary", case_id=case.pk)
    return render(request, "cases/break_glass_open.html", {"form": form, "case_id": case_id})


@access_policy(Policy.ROLES, roles={Role.MANAGER})
def break_glass_reviews(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    page = page_of(request, break_glass.review_queue(user=user))
    return render(
        request,
        "cases/break_glass_reviews.html",
        {"openings": page.object_list, "page": page, "form": BreakGlassReviewForm()},
    )


@access_policy(Policy.ROLES, roles={Role.MANAGER})
def break_glass_review(request: HttpRequest, opening_id: int) -> HttpResponse:
    user = acting_user(request)
    opening = break_glass.review_queue(user=user).filter(pk=opening_id).first()
    if opening is None:
        raise Http404("No such opening awaiting your review")
    form = BreakGlassReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            break_glass.break_glass_review(
                actor=user,
                opening_id=opening.pk,
                appropriate=form.cleaned_data["appropriate"],
                comments=form.cleaned_data["comments"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Review recorded")
            return redirect("break-glass-reviews")
    return render(request, "cases/break_glass_review.html", {"opening": opening, "form": form})

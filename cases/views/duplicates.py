"""Possible duplicate people: the data-quality review of identifier clashes.

A number given for someone that another person already holds is never shown to the
person who typed it (they are told only that it needs checking). It lands here, for the
service's coordinators and managers (zone oversight) of the families concerned, who
check and record what they found. Each decision is audited; the list itself is a read of
names across families, so it is audited like a search.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases import services
from cases.audit_reads import audit_cases_shown
from cases.forms.duplicates import DuplicateReviewForm
from cases.selectors.duplicates import possible_duplicate_for_review, possible_duplicate_people
from cases.views.base import page_of
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user
from partners.roles import ZONE_ROLES


@access_policy(Policy.OVERSIGHT, roles=ZONE_ROLES)
def possible_duplicates(request: HttpRequest) -> HttpResponse:
    form = None
    reviewing = None
    if request.method == "POST":
        form = DuplicateReviewForm(request.POST)
        reviewing = possible_duplicate_for_review(
            user=request.user, conflict_id=request.POST.get("conflict")
        )
        if reviewing is None:
            messages.info(request, "That possible duplicate has already been reviewed")
            return redirect("possible-duplicates")
        if form.is_valid():
            try:
                services.identifier_conflict_resolve(
                    actor=acting_user(request),
                    conflict=reviewing,
                    resolution=form.cleaned_data["resolution"],
                    note=form.cleaned_data["note"],
                )
            except ApplicationError as exc:
                add_application_error(form, exc)
            else:
                messages.success(request, "Your review has been recorded")
                return redirect("possible-duplicates")
    page = page_of(request, possible_duplicate_people(user=request.user))
    items = list(page.object_list)
    audit_cases_shown(
        actor=request.user,
        case_ids=sorted(
            {i.case.pk for i in items if i.case} | {i.known_case.pk for i in items if i.known_case}
        ),
        what="Possible duplicate people",
    )
    rows = [
        (
            item,
            form
            if form is not None and reviewing is not None and reviewing.pk == item.conflict.pk
            else DuplicateReviewForm(
                initial={"conflict": item.conflict.pk},
                prefix=None,
                auto_id=f"id_{item.conflict.pk}_%s",
            ),
        )
        for item in items
    ]
    return render(
        request,
        "cases/possible_duplicates.html",
        {"rows": rows, "page": page, "form": form if form is not None and form.errors else None},
    )

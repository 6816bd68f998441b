"""The officer's dashboard, finding a person, and a person's page."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cases.audit import audit_record
from cases.models.audit import AuditAction
from cases.views.base import page_of
from governance import selectors
from governance.forms import PersonSearchForm
from governance.views.base import officer_page


@officer_page
@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    """Subject access requests by due date, undecided requests, what retention has due."""
    show_all = request.GET.get("show") == "all"
    access = page_of(request, selectors.access_requests(open_only=not show_all), per_page=25)
    return render(
        request,
        "governance/dashboard.html",
        {
            "page": access,
            "show_all": show_all,
            "today": timezone.localdate(),
            "rights": page_of(
                request,
                selectors.rights_requests(pending_only=True).order_by("received_on", "pk"),
                25,
                "rights_page",
            ),
            "due_count": selectors.retention_due_items().filter(status="due").count(),
            "holds": page_of(
                request, selectors.current_holds().order_by("placed_at", "pk"), 25, "holds_page"
            ),
            "restrictions": page_of(
                request,
                selectors.current_restrictions().order_by("placed_at", "pk"),
                25,
                "restrictions_page",
            ),
        },
    )


@officer_page
@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    """Find a person by name. A POST, so names never travel in a URL."""
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    people = None
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            people = list(selectors.people_named(name=form.cleaned_data["name"]))
            audit_record(
                actor=request.user,
                action=AuditAction.SEARCH,
                reason="information governance: find a person",
                detail={"results": len(people)},
            )
    return render(request, "governance/person_search.html", {"form": form, "people": people})


@officer_page
@require_http_methods(["GET"])
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_for_officer(user=request.user, person_id=person_id)
    with transaction.atomic():
        context = {
            "person": person,
            "cases": list(selectors.person_cases(person=person)),
            **selectors.person_requests(person=person),
        }
        audit_record(actor=request.user, action=AuditAction.VIEW, obj=person)
    return render(request, "governance/person.html", context)

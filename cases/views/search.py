"""Find a family: search the families the user may see, and list their cases.

The terms are personal data, so they are posted and kept in the session, never put
in the address: the results page reads them from there (and pages with ?page=).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cases import selectors, services
from cases.forms.base import RawData, raw_data
from cases.forms.search import FamilySearchForm, search_kwargs, searched_by
from cases.services import ENQUIRY_ROLES
from cases.views.base import page_of_ids
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user

SESSION_KEY = "family_search"


@access_policy(Policy.ROLES, roles=ENQUIRY_ROLES)
def family_search(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    kept = request.session.get(SESSION_KEY) or {}
    if request.method == "POST":
        form = FamilySearchForm(request.POST)
        request.session[SESSION_KEY] = {"typed": raw_data(request.POST), "terms": None}
        if form.is_valid():
            request.session[SESSION_KEY] = {"typed": raw_data(request.POST), "terms": form.terms()}
            return redirect("family-search")
        return render(request, "cases/family_search.html", {"form": form, "page": None})
    if kept.get("typed"):
        form = FamilySearchForm(RawData(kept["typed"]), quiet=True)
    else:
        form = FamilySearchForm()
    page = None
    terms = kept.get("terms")
    if terms:
        page = page_of_ids(
            request,
            selectors.family_search_ids(user=user, **search_kwargs(terms)),
            lambda ids: selectors.family_results(user=user, ids=ids),
        )
        services.search_record(
            actor=user,
            searched_by=searched_by(terms),
            results=page.paginator.count,
            case_ids=[case.pk for family in page for case in family.visible_case_list],
        )
    return render(request, "cases/family_search.html", {"form": form, "page": page})

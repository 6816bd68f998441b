"""The pages of families identified in data: the reviewed list, a family's indicators
and the coordinator's decision, importing a data set, and reviewing uncertain matches.

Every page that shows identified people is one audit entry per request (the list and
review pages name every family or row shown).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases.audit import audit_record
from cases.identified import access, parsing, selectors, services
from cases.identified.forms import DecisionForm, ImportForm, ListFilterForm, ReviewForm
from cases.identified.models import Review
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from earlyhelp.web import acting_user, posted
from partners.models import User

ROLES = access.WORKER_ROLES
PER_PAGE = 25


def _actor(request: HttpRequest) -> User:
    user = acting_user(request)
    access.require_work(user=user)
    return user


def _audit_shown(actor: User, what: str, detail: dict[str, Any]) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.LIST, reason=what, detail=detail)


@access_policy(Policy.ROLES, roles=ROLES)
def identified_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    filters = ListFilterForm(request.GET or None)
    review = filters.value("review") if request.GET else Review.NEW
    found = selectors.identified_list(user=actor, review=review, kind=filters.value("kind"))
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    indicators = selectors.indicators_of(family_ids=[i.family_id for i in shown])
    _audit_shown(
        actor,
        "Families identified in data",
        {"families": [i.family_id for i in shown], "page": page.number},
    )
    return render(
        request,
        "identified/list.html",
        {
            "filters": filters,
            "page": page,
            "rows": [(i, indicators.get(i.family_id, [])) for i in shown],
            "counts": selectors.review_counts(user=actor),
            "to_review": selectors.rows_to_review(user=actor).count(),
            "review": review,
        },
    )


@access_policy(Policy.ROLES, roles=ROLES)
def identified_detail(request: HttpRequest, identified_id: int) -> HttpResponse:
    actor = _actor(request)
    identified = selectors.identified_family(user=actor, identified_id=identified_id)
    if identified is None:
        raise Http404("No such family on your list")
    form = DecisionForm(
        posted(request),
        initial={"version": identified.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "agenda":
                case = services.identified_family_to_agenda(
                    actor=actor,
                    identified=identified,
                    expected_version=data["version"],
                    reason=data["reason"],
                )
                messages.success(
                    request,
                    f"{identified.family.name} is waiting for allocation as {case.reference}",
                )
            else:
                services.identified_family_no_action(
                    actor=actor,
                    identified=identified,
                    expected_version=data["version"],
                    reason=data["reason"],
                )
                messages.success(request, f"No action recorded for {identified.family.name}")
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("identified")
    indicators = selectors.indicators_of(family_ids=[identified.family_id]).get(
        identified.family_id, []
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=identified,
            reason="Family identified in data",
            detail={"family": identified.family_id},
        )
    return render(
        request,
        "identified/detail.html",
        {"identified": identified, "indicators": indicators, "form": form},
    )


@access_policy(Policy.ROLES, roles=ROLES)
def identified_import(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    bad: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = parsing.read_data_set(upload.read())
        if isinstance(parsed, str):
            form.add_error("file", parsed)
        else:
            try:
                outcome = services.data_set_import(
                    actor=actor,
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name,
                    rows=parsed.rows,
                    bad=parsed.bad,
                    supplied_by=form.cleaned_data["supplied_by"],
                )
            except ApplicationError as error:
                bad = list(error.extra.get("rows", []))
                form.add_error("file", error.message)
            else:
                messages.success(
                    request,
                    f"Imported {outcome.data_set.row_count} rows: {outcome.matched} matched, "
                    f"{outcome.to_review} to review, {outcome.not_known} not known to the "
                    f"service; {outcome.families} families newly identified",
                )
                return redirect("identified-review" if outcome.to_review else "identified")
    return render(
        request,
        "identified/import.html",
        {"form": form, "bad": bad, "columns": parsing.COLUMNS},
    )


def _review_page(
    request: HttpRequest, actor: Any, *, error: tuple[int, str] | None = None
) -> HttpResponse:
    """The uncertain matches, a page of them; `error` is (row id, message) of a bad answer."""
    page = Paginator(selectors.rows_to_review(user=actor), 10).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    candidates = selectors.candidates_of(rows)
    _audit_shown(
        actor, "Uncertain matches to review", {"rows": [r.pk for r in rows], "page": page.number}
    )
    error_href = ""
    if error:
        first = candidates.get(error[0], [])
        error_href = f"#row-{error[0]}-{first[0].person.pk if first else 'none'}"
    return render(
        request,
        "identified/review.html",
        {
            "page": page,
            "items": [(row, candidates.get(row.pk, [])) for row in rows],
            "error_row": error[0] if error else None,
            "error_message": error[1] if error else "",
            "error_href": error_href,
        },
    )


@access_policy(Policy.ROLES, roles=ROLES)
def identified_review(request: HttpRequest) -> HttpResponse:
    return _review_page(request, _actor(request))


@require_POST
@access_policy(Policy.ROLES, roles=ROLES)
def identified_review_row(request: HttpRequest, row_id: int) -> HttpResponse:
    actor = _actor(request)
    row = selectors.rows_to_review(user=actor).filter(pk=row_id).first()
    if row is None:
        messages.error(request, "That row has been reviewed already")
        return redirect("identified-review")
    choices = [(str(c["person"]), str(c["person"])) for c in row.candidates]
    form = ReviewForm(request.POST, choices=choices)
    if not form.is_valid():
        # Shown beside the row's question, on the page the row was answered from.
        return _review_page(
            request,
            actor,
            error=(row.pk, f"Select who line {row.line} is about, or none of these people"),
        )
    try:
        if form.cleaned_data["person"] == "none":
            services.data_row_reject(actor=actor, row=row)
            messages.success(request, f"Line {row.line} of {row.data_set.file_name}: not matched")
        else:
            services.data_row_confirm(
                actor=actor, row=row, person_id=int(form.cleaned_data["person"])
            )
            messages.success(
                request, f"Line {row.line} of {row.data_set.file_name}: match confirmed"
            )
    except (ApplicationError, ConcurrentChangeError) as error:
        messages.error(request, error.message)
    return redirect("identified-review")


@access_policy(Policy.ROLES, roles=ROLES)
def identified_data_sets(request: HttpRequest) -> HttpResponse:
    _actor(request)
    page = Paginator(selectors.data_sets(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "identified/data_sets.html", {"page": page})

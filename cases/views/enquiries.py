"""Raising an enquiry: GOV.UK question pages with a draft kept in the session.

The pages, in order:

    start -> who (search the families you may see, or a family not known to us)
      known family:  -> children (who it is about)
      new family:    -> family (address, language) -> people (add another)
                     -> matches (only when families you may see match the people)
      -> concerns -> check your answers -> sent (the case reference)

What was typed on each page is kept in the draft whether or not it was valid, so
going back shows it again and an error never loses input. Nothing is written until
"check your answers" is submitted; then cases.services.enquiry_raise creates the
family, its people, the case and the enquiry in one transaction. Families that match
but are hidden from the person raising it are never shown to them: the service
attaches them to the enquiry for the front door.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import selectors, services
from cases.forms.base import raw_data
from cases.forms.enquiry import (
    PERSON_PREFIX,
    ChildrenForm,
    FamilyDetailsForm,
    MatchForm,
    PersonForm,
    PersonFormSet,
)
from cases.forms.search import FamilySearchForm, search_kwargs, searched_by
from cases.models import Family
from cases.refusals import refused_hidden
from cases.views.base import page_of_ids
from cases.views.enquiry_draft import (
    CHECK_URL,
    KNOWN,
    NEW,
    _concerns_form,
    _draft,
    _keep,
    _known_family,
    _no_draft,
    _onward,
    _people_formset,
    _save,
    _typed,
    _undecided_matches,
    _valid_new_family,
    _visible_matches,
    enquiry_pages,
)
from earlyhelp.input_limits import MAX_FORMSET_ROWS, bounded_row_count
from earlyhelp.web import acting_user


@enquiry_pages
def enquiry_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        _save(request, {"typed": {}, "route": None, "family_id": None, "search": None})
        return redirect("enquiry-who")
    return render(request, "cases/enquiry/start.html", {"draft": _draft(request)})


@enquiry_pages
def enquiry_who(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return _no_draft(request)
    user = acting_user(request)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "choose":
        family = selectors.visible_family(user=user, family_id=request.POST.get("family"))
        if family is None:  # missing or not theirs to see: the same answer
            raise refused_hidden(model=Family, pk=request.POST.get("family"), what="family")
        draft.update(route=KNOWN, family_id=family.pk)
        _save(request, draft)
        return redirect("enquiry-children")
    if action == "new":
        draft.update(route=NEW, family_id=None)
        _save(request, draft)
        return redirect("enquiry-family")
    if action == "search":
        form = FamilySearchForm(request.POST)
        _keep(request, draft, "search", raw_data(request.POST))
        if form.is_valid():
            draft["search"] = form.terms()
            _save(request, draft)
            return redirect("enquiry-who")
        draft["search"] = None
        _save(request, draft)
    else:
        typed = _typed(draft, "search")
        form = FamilySearchForm(typed, quiet=True) if typed else FamilySearchForm()
    page = None
    if draft.get("search"):
        page = page_of_ids(
            request,
            selectors.family_search_ids(user=user, **search_kwargs(draft["search"])),
            lambda ids: selectors.family_results(user=user, ids=ids),
            10,
        )
        services.search_record(
            actor=user, searched_by=searched_by(draft["search"]), results=page.paginator.count
        )
    return render(
        request,
        "cases/enquiry/who.html",
        {"form": form, "page": page, "chosen_id": draft.get("family_id")},
    )


@enquiry_pages
def enquiry_children(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return _no_draft(request)
    family = _known_family(request, draft)
    if family is None:
        return redirect("enquiry-who")
    people = [m.person for m in selectors.enquiry_children_choices(family=family)]
    if request.method == "POST":
        form = ChildrenForm(request.POST, people=people)
        _keep(request, draft, "children", raw_data(request.POST))
        if form.is_valid():
            return _onward(request, "enquiry-concerns")
    else:
        typed = _typed(draft, "children")
        form = (
            ChildrenForm(typed, people=people, quiet=True) if typed else ChildrenForm(people=people)
        )
    return render(request, "cases/enquiry/children.html", {"form": form, "family": family})


@enquiry_pages
def enquiry_family(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return _no_draft(request)
    if draft.get("route") != NEW:
        return redirect("enquiry-who")
    if request.method == "POST":
        form = FamilyDetailsForm(request.POST)
        _keep(request, draft, "family", raw_data(request.POST))
        if form.is_valid():
            return _onward(request, "enquiry-people")
    else:
        typed = _typed(draft, "family")
        form = (
            FamilyDetailsForm(typed, quiet=True)
            if typed
            else FamilyDetailsForm(initial={"language": "English"})
        )
    return render(request, "cases/enquiry/family.html", {"form": form})


def _renumbered(data: dict[str, list[str]], drop: int | None, add: bool) -> dict[str, list[str]]:
    """The people page's data with one person removed or a blank one added."""
    total_key = f"{PERSON_PREFIX}-TOTAL_FORMS"
    total = bounded_row_count(data, PERSON_PREFIX, default=1)
    if add and total >= MAX_FORMSET_ROWS:
        add = False  # the household is as large as a form may hold
    people: list[dict[str, list[str]]] = [{} for _ in range(total)]
    others: dict[str, list[str]] = {}
    for key, values in data.items():
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == PERSON_PREFIX and parts[1].isdigit():
            index = int(parts[1])
            if index < total:
                people[index][parts[2]] = values
        else:
            others[key] = values
    if drop is not None and 0 <= drop < len(people) and len(people) > 1:
        people.pop(drop)
    if add:
        # A new person starts from the defaults (sex not known, ethnicity not yet
        # obtained ...) and the family name of the first, as a new page would.
        blank = {
            name: [str(field.initial)]
            for name, field in PersonForm.base_fields.items()
            if field.initial is not None
        }
        blank["family_name"] = people[0].get("family_name", [""]) if people else [""]
        people.append(blank)
    result = dict(others)
    for index, fields in enumerate(people):
        for name, values in fields.items():
            result[f"{PERSON_PREFIX}-{index}-{name}"] = values
    result[total_key] = [str(len(people))]
    result.setdefault(f"{PERSON_PREFIX}-INITIAL_FORMS", ["0"])
    return result


@enquiry_pages
def enquiry_people(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return _no_draft(request)
    if draft.get("route") != NEW:
        return redirect("enquiry-who")
    user = acting_user(request)
    if request.method == "POST":
        data = raw_data(request.POST)
        remove = request.POST.get("remove")
        if remove is not None or request.POST.get("action") == "add":
            drop = int(remove) if remove is not None and remove.isdigit() else None
            data = _renumbered(data, drop=drop, add=remove is None)
            _keep(request, draft, "people", data)
            count = int(data[f"{PERSON_PREFIX}-TOTAL_FORMS"][0])
            anchor = f"#person-{count}" if remove is None else ""
            return redirect(request.get_full_path() + anchor)
        formset = _people_formset(request.POST)
        _keep(request, draft, "people", data)
        if formset.is_valid():
            forms = _valid_new_family(draft)
            if forms is None:  # the family page is not complete yet
                return redirect("enquiry-family")
            if _undecided_matches(user, draft, forms):
                return redirect("enquiry-matches")
            return _onward(request, "enquiry-concerns")
    else:
        typed = _typed(draft, "people")
        if typed:
            formset = _people_formset(typed, quiet=True)
        else:
            surname = _family_surname(draft)
            formset = PersonFormSet(
                prefix=PERSON_PREFIX, initial=[{"family_name": surname}] if surname else None
            )
    return render(
        request,
        "cases/enquiry/people.html",
        {
            "formset": formset,
            "error_forms": list(formset.forms),
            "formset_has_errors": any(form.errors for form in formset.forms),
        },
    )


def _family_surname(draft: dict[str, Any]) -> str:
    """'The Khan family' -> 'Khan', to start the first person's family name."""
    typed = _typed(draft, "family")
    name = (typed.get("name") or "").strip() if typed else ""
    words = [w for w in name.split() if w.lower() not in ("the", "family")]
    return words[0] if len(words) == 1 else ""


@enquiry_pages
def enquiry_matches(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return _no_draft(request)
    user = acting_user(request)
    forms = _valid_new_family(draft) if draft.get("route") == NEW else None
    if forms is None:
        return redirect("enquiry-who")
    matches = _visible_matches(user, *forms)
    if not matches:
        return _onward(request, "enquiry-concerns")
    families = list(
        selectors.family_search_results(user=user).filter(pk__in=[f.pk for f in matches])
    )
    form = MatchForm(request.POST if request.method == "POST" else None, families=families)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["family"]
        if choice == MatchForm.NEW:
            draft["declined_matches"] = sorted(
                {*draft.get("declined_matches", []), *(f.pk for f in matches)}
            )
            _save(request, draft)
            return _onward(request, "enquiry-concerns")
        draft.update(route=KNOWN, family_id=int(choice))
        draft["typed"].pop("children", None)
        _save(request, draft)
        return redirect("enquiry-children")
    return render(request, "cases/enquiry/matches.html", {"form": form, "families": families})


@enquiry_pages
def enquiry_concerns(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return _no_draft(request)
    if draft.get("route") not in (NEW, KNOWN):
        return redirect("enquiry-who")
    user = acting_user(request)
    if request.method == "POST":
        form = _concerns_form(user, request.POST)
        _keep(request, draft, "concerns", raw_data(request.POST))
        if form.is_valid():
            return redirect(CHECK_URL)
    else:
        typed = _typed(draft, "concerns")
        form = _concerns_form(user, typed, quiet=True) if typed else _concerns_form(user)
    return render(
        request,
        "cases/enquiry/concerns.html",
        {"form": form, "back": _back_from_concerns(draft)},
    )


def _back_from_concerns(draft: dict[str, Any]) -> str:
    if draft.get("route") == KNOWN:
        return reverse("enquiry-children")
    return reverse("enquiry-people")

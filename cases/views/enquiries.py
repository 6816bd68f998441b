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

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import selectors, services
from cases.codes import ContactSource, Ethnicity, Gender, Relationship, Sex
from cases.forms.base import RawData, raw_data
from cases.forms.enquiry import (
    PERSON_PREFIX,
    ChildrenForm,
    ConcernsForm,
    FamilyDetailsForm,
    MatchForm,
    PersonForm,
    PersonFormSet,
)
from cases.forms.search import FamilySearchForm, search_kwargs, searched_by
from cases.models import ConcernCategory, Family, Urgency
from cases.models.enquiries import FamilyConsent
from cases.refusals import refused_hidden
from cases.services import ENQUIRY_ROLES, NewFamilyDetails, PersonDetails
from cases.views.base import acting_user, page_of
from earlyhelp.errors import ApplicationError
from earlyhelp.input_limits import MAX_FORMSET_ROWS, bounded_row_count
from earlyhelp.url_policy import Policy, access_policy
from partners.models import Agency, User
from partners.roles import Role
from partners.selectors import active_memberships, user_has_oversight_role

DRAFT = "enquiry_draft"
SENT = "enquiry_sent"
NEW, KNOWN = "new", "known"
CHECK = "check"

enquiry_pages = access_policy(Policy.ROLES, roles=ENQUIRY_ROLES)


# --------------------------------------------------------------------------- the draft


def _draft(request: HttpRequest) -> dict[str, Any] | None:
    draft = request.session.get(DRAFT)
    return draft if isinstance(draft, dict) else None


def _save(request: HttpRequest, draft: dict[str, Any]) -> None:
    request.session[DRAFT] = draft
    request.session.modified = True


def _typed(draft: dict[str, Any], step: str) -> RawData | None:
    data = draft.get("typed", {}).get(step)
    return RawData(data) if data else None


def _keep(request: HttpRequest, draft: dict[str, Any], step: str, data: dict[str, Any]) -> None:
    draft.setdefault("typed", {})[step] = data
    _save(request, draft)


CHECK_URL = "enquiry-check"


def _onward(request: HttpRequest, default: str) -> HttpResponse:
    """To the next page, or back to 'check your answers' when changing an answer."""
    return redirect(CHECK_URL if request.GET.get("return") == CHECK else reverse(default))


def _acting_agencies(user: User) -> list[Agency]:
    agencies: dict[int, Agency] = {}
    for m in active_memberships(user=user):
        if m.role in ENQUIRY_ROLES:
            agencies.setdefault(m.agency_id, m.agency)
    return list(agencies.values())


def _records_on_behalf(user: User) -> bool:
    return user_has_oversight_role(user=user, roles={Role.COORDINATOR, Role.MANAGER})


def _concerns_form(user: User, data: Any = None, quiet: bool = False) -> ConcernsForm:
    return ConcernsForm(
        data,
        agencies=_acting_agencies(user),
        on_behalf=_records_on_behalf(user),
        quiet=quiet,
    )


def _people_formset(data: Any = None, quiet: bool = False) -> Any:
    return PersonFormSet(data, prefix=PERSON_PREFIX, quiet=quiet)  # type: ignore[call-arg]


def _known_family(request: HttpRequest, draft: dict[str, Any]) -> Family | None:
    if draft.get("route") != KNOWN:
        return None
    return selectors.visible_family(user=request.user, family_id=draft.get("family_id"))


def _valid_new_family(draft: dict[str, Any]) -> tuple[FamilyDetailsForm, Any] | None:
    """The family and people pages, validated again from the draft (None if not valid)."""
    family_data, people_data = _typed(draft, "family"), _typed(draft, "people")
    if family_data is None or people_data is None:
        return None
    family_form, formset = FamilyDetailsForm(family_data), _people_formset(people_data)
    if not (family_form.is_valid() and formset.is_valid()):
        return None
    return family_form, formset


def _visible_matches(user: User, family_form: FamilyDetailsForm, formset: Any) -> list[Family]:
    people = formset.people()
    visible, _hidden = services.duplicate_check(
        user=user,
        nhs_numbers=[p.nhs_number for p in people if p.nhs_number],
        people=[(p.family_name, p.date_of_birth) for p in people if p.date_of_birth],
        postcode=family_form.cleaned_data["postcode"],
    )
    return visible


def _undecided_matches(user: User, draft: dict[str, Any], forms: Any) -> list[Family]:
    declined = set(draft.get("declined_matches", []))
    return [f for f in _visible_matches(user, *forms) if f.pk not in declined]


def _no_draft(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Start the enquiry again: what you had entered has expired")
    return redirect("enquiry-start")


# --------------------------------------------------------------------------- pages


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
        page = page_of(
            request,
            selectors.family_search_results(user=user, **search_kwargs(draft["search"])),
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


# --------------------------------------------------------------------------- check and send


def _answers(request: HttpRequest, draft: dict[str, Any]) -> dict[str, Any] | HttpResponse:
    """Every page validated again from the draft; a redirect to the first that is not."""
    user = acting_user(request)
    answers: dict[str, Any] = {"route": draft.get("route")}
    if draft.get("route") == KNOWN:
        family = _known_family(request, draft)
        if family is None:
            return redirect("enquiry-who")
        people = [m.person for m in selectors.enquiry_children_choices(family=family)]
        children_form = ChildrenForm(_typed(draft, "children"), people=people)
        if not children_form.is_valid():
            return redirect("enquiry-children")
        answers.update(family=family, children=list(children_form.cleaned_data["children"]))
    elif draft.get("route") == NEW:
        family_form = FamilyDetailsForm(_typed(draft, "family"))
        if not family_form.is_valid():
            return redirect("enquiry-family")
        formset = _people_formset(_typed(draft, "people"))
        if not formset.is_valid():
            return redirect("enquiry-people")
        if _undecided_matches(user, draft, (family_form, formset)):
            return redirect("enquiry-matches")
        answers.update(new_family=family_form.details(), people=formset.people())
    else:
        return redirect("enquiry-who")
    concerns = _concerns_form(user, _typed(draft, "concerns"))
    if not concerns.is_valid():
        return redirect("enquiry-concerns")
    answers["concerns_form"] = concerns
    answers["enquiry"] = concerns.enquiry_kwargs()
    return answers


@enquiry_pages
def enquiry_check(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return _no_draft(request)
    answers = _answers(request, draft)
    if isinstance(answers, HttpResponse):
        return answers
    problem = None
    if request.method == "POST":
        try:
            case = services.enquiry_raise(
                actor=acting_user(request),
                family=answers.get("family"),
                children=answers.get("children", []),
                new_family=answers.get("new_family"),
                people=answers.get("people", []),
                **answers["enquiry"],
            )
        except ApplicationError as exc:
            problem = exc.message
        else:
            del request.session[DRAFT]
            request.session[SENT] = {"reference": case.reference, "case_id": case.pk}
            return redirect("enquiry-sent")
    return render(
        request,
        "cases/enquiry/check.html",
        {"problem": problem, "sections": _check_sections(answers)},
    )


def _date(value: Any) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _change(url_name: str, field: str) -> str:
    return f"{reverse(url_name)}?return={CHECK}#id_{field}"


def _person_rows(index: int, person: PersonDetails) -> list[dict[str, str]]:
    def change(field: str) -> str:
        return _change("enquiry-people", f"{PERSON_PREFIX}-{index}-{field}")

    born = (
        _date(person.date_of_birth) + (" (estimated)" if person.date_of_birth_estimated else "")
        if person.date_of_birth
        else f"Unborn: expected {_date(person.expected_date_of_birth)}"
    )
    rows = [
        ("Name", f"{person.given_names} {person.family_name}", change("given_names")),
        ("Preferred name", person.preferred_name or "Not given", change("preferred_name")),
        ("Relationship", Relationship(person.relationship).label, change("relationship")),
        ("Date of birth", born, change("date_of_birth_day")),
        ("Sex", Sex(person.sex).label, change("sex")),
        ("Gender", Gender(person.gender).label, change("gender")),
        ("Ethnicity", Ethnicity(person.ethnicity).label, change("ethnicity")),
        ("NHS number", person.nhs_number or "Not given", change("nhs_number")),
        ("Unique pupil number", person.upn or "Not given", change("upn")),
        ("National Insurance number", person.ni_number or "Not given", change("ni_number")),
        ("Local identifier", person.local_id or "Not given", change("local_id")),
        ("School or setting", _school_label(person), change("school")),
        ("SEND", "Yes" if person.send else "No", change("send")),
        ("Disability", person.disability or "None given", change("disability")),
        (
            "The enquiry is about them",
            "Yes" if person.enquiry_is_about else "No",
            change("enquiry_is_about"),
        ),
    ]
    return [{"key": k, "value": v, "href": h} for k, v, h in rows]


def _check_sections(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The summary lists of 'check your answers', each row with its Change link."""
    sections: list[dict[str, Any]] = []
    if answers["route"] == KNOWN:
        family: Family = answers["family"]
        sections.append(
            {
                "title": "The family",
                "rows": [
                    {"key": "Family", "value": family.name, "href": reverse("enquiry-who")},
                    {
                        "key": "Who it is about",
                        "value": "\n".join(p.full_name for p in answers["children"]),
                        "href": _change("enquiry-children", "children"),
                    },
                ],
            }
        )
    else:
        details: NewFamilyDetails = answers["new_family"]
        address = "\n".join(
            p
            for p in (
                details.address_line_1,
                details.address_line_2,
                details.town,
                details.postcode,
            )
            if p
        )
        sections.append(
            {
                "title": "The family",
                "rows": [
                    {
                        "key": "Known as",
                        "value": details.name,
                        "href": _change("enquiry-family", "name"),
                    },
                    {
                        "key": "Address",
                        "value": address,
                        "href": _change("enquiry-family", "address_line_1"),
                    },
                    {
                        "key": "Family hub",
                        "value": _hub_label(details),
                        "href": _change("enquiry-family", "family_hub"),
                    },
                    {
                        "key": "Main language",
                        "value": details.language,
                        "href": _change("enquiry-family", "language"),
                    },
                    {
                        "key": "Interpreter needed",
                        "value": "Yes" if details.interpreter_needed else "No",
                        "href": _change("enquiry-family", "interpreter_needed"),
                    },
                ],
            }
        )
        for index, person in enumerate(answers["people"]):
            sections.append(
                {
                    "title": f"Person {index + 1}: {person.given_names} {person.family_name}",
                    "rows": _person_rows(index, person),
                }
            )
    enquiry = answers["enquiry"]
    rows = [
        (
            "What the concerns are about",
            "\n".join(ConcernCategory(c).label for c in enquiry["concern_categories"]),
            "concern_categories",
        ),
        ("The concerns", enquiry["concerns"], "concerns"),
        ("Tried already", enquiry["tried_before"] or "Nothing given", "tried_before"),
        ("Urgency", Urgency(enquiry["urgency"]).label, "urgency"),
        (
            "The family knows and agrees",
            FamilyConsent(enquiry["family_consent"]).label,
            "family_consent",
        ),
    ]
    form: ConcernsForm = answers["concerns_form"]
    if "agency" in form.fields and enquiry["agency"] is not None:
        rows.append(("Raised for", enquiry["agency"].name, "agency"))
    if enquiry.get("step_down") is not None:
        step_down = enquiry["step_down"]
        closed = step_down.social_care_closed_on
        rows.append(
            (
                "Step-down from social care",
                f"Episode {step_down.social_care_reference}"
                + (f", closed {_date(closed)}" if closed else ""),
                "social_care_reference",
            )
        )
    if "on_behalf_of" in form.fields:
        rows.append(("Made by", enquiry["on_behalf_of"] or "Me", "on_behalf_of"))
        source = enquiry["contact_source"]
        rows.append(
            (
                "Source",
                ContactSource(source).label if source else "The agency I am acting for",
                "contact_source",
            )
        )
    sections.append(
        {
            "title": "The enquiry",
            "rows": [
                {"key": k, "value": v, "href": _change("enquiry-concerns", f)} for k, v, f in rows
            ],
        }
    )
    return sections


@enquiry_pages
def enquiry_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SENT)
    if not sent:
        return redirect("enquiry-start")
    return render(request, "cases/enquiry/sent.html", {"reference": sent["reference"]})


def _hub_label(details: NewFamilyDetails) -> str:
    """The hub chosen, or the one the postcode gives."""
    from partners.models import FamilyHub
    from partners.selectors import hub_for_postcode

    hub = (
        FamilyHub.objects.filter(pk=details.family_hub_id).first()
        if details.family_hub_id
        else hub_for_postcode(postcode=details.postcode)
    )
    return hub.name if hub else "Not known"


def _school_label(person: PersonDetails) -> str:
    from partners.models import Agency

    if person.school_id:
        school = Agency.objects.filter(pk=person.school_id).first()
        return school.name if school else "Not given"
    return person.school_name or "Not given"

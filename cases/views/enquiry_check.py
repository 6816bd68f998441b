"""Checking the answers of an enquiry and sending it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import selectors, services
from cases.codes import ContactSource, Ethnicity, Gender, Relationship, Sex
from cases.forms.enquiry import PERSON_PREFIX, ChildrenForm, ConcernsForm, FamilyDetailsForm
from cases.models import ConcernCategory, Family, Urgency
from cases.models.enquiries import FamilyConsent
from cases.services import NewFamilyDetails, PersonDetails
from cases.views.enquiry_draft import (
    CHECK,
    DRAFT,
    KNOWN,
    NEW,
    SENT,
    _concerns_form,
    _draft,
    _known_family,
    _no_draft,
    _people_formset,
    _typed,
    _undecided_matches,
    enquiry_pages,
)
from earlyhelp.errors import ApplicationError
from earlyhelp.web import acting_user


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
    # Answers left blank fold into one row, so the page is not mostly "Not given".
    blank = [(k, h) for k, v, h in rows if v in NOT_GIVEN]
    shown = [{"key": k, "value": v, "href": h} for k, v, h in rows if v not in NOT_GIVEN]
    if blank:
        names = ", ".join(k for k, _ in blank)
        shown.append({"key": "Not given", "value": names, "href": blank[0][1]})
    return shown


NOT_GIVEN = frozenset({"Not given", "None given"})


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

"""Correcting the family's record: a person's details (from the Family tab) and the
codes returns read (from the case summary). Both stay open after closure: a closed
contact is still on inspection lists and in returns."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cases import selectors, services
from cases.access import Action
from cases.case_page import case_page
from cases.forms.records import PersonRecordForm, ReturnCodesForm
from cases.models import Case, HouseholdMember, Person
from cases.refusals import refused_outside_case
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import acting_user, posted


def _member_of(case: Case, person_id: int) -> HouseholdMember:
    member = (
        HouseholdMember.objects.filter(family_id=case.family_id, person_id=person_id)
        .select_related("person")
        .order_by("left_on", "-joined_on")
        .first()
    )
    if member is None:
        raise refused_outside_case(case=case, model=Person, pk=person_id, what="person")
    return member


@require_http_methods(["GET", "POST"])
@case_page(Action.CORRECT_RECORD)
def case_person_change(request: HttpRequest, case: Case, person_id: int) -> HttpResponse:
    member = _member_of(case, person_id)
    person: Person = member.person
    identifiers = services.current_identifiers(person)
    initial = PersonRecordForm.initial_for(person, member.relationship, identifiers)
    form = PersonRecordForm(posted(request), initial=initial)
    stored: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.person_update(
                actor=acting_user(request),
                case=case,
                person=person,
                details=form.details(),
                version=form.cleaned_data["version"],
            )
        except ConcurrentChangeError as exc:
            # Show what the other person saved beside what this person typed (kept in
            # the form), and let them save again deliberately from the current version.
            person.refresh_from_db()
            saved = PersonRecordForm.initial_for(
                person,
                _member_of(case, person_id).relationship,
                services.current_identifiers(person),
            )
            stored = _stored_differences(form, saved)
            data = request.POST.copy()
            data["version"] = str(person.version)
            form = PersonRecordForm(data, initial=initial)
            form.is_valid()
            form.add_error(None, exc.message)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            if result.identifiers_to_check:
                messages.warning(request, services.needs_checking_message(result))
            elif result.changed:
                messages.success(request, f"The details of {result.person.full_name} were saved")
            else:
                messages.info(request, "Nothing was changed")
            return redirect("case-family", case_id=case.pk)
    return render(
        request,
        "cases/case_person_change.html",
        {"case": case, "tab": "family", "person": person, "form": form, "stored": stored},
    )


def _stored_differences(
    form: PersonRecordForm, current: dict[str, object]
) -> list[tuple[str, str]]:
    """The fields someone else saved differently from what this person typed."""
    differences = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        typed = form.cleaned_data.get(name)
        saved = current.get(name)
        if (typed or "") != (saved or "") and not (typed in (None, False) and not saved):
            shown = dict(getattr(field, "choices", [])).get(str(saved), saved) if saved else ""
            differences.append((str(field.label), str(shown or "Not recorded")))
    return differences


@require_http_methods(["GET", "POST"])
@case_page(Action.CORRECT_RECORD)
def case_return_codes(request: HttpRequest, case: Case) -> HttpResponse:
    enquiry = selectors.case_enquiry(case=case)
    initial = {
        "contact_source": enquiry.contact_source if enquiry else "",
        "primary_need": case.cin_primary_need,
        "closure_reason": case.cin_closure_reason,
        "version": case.version,
    }
    form = ReturnCodesForm(
        posted(request), initial=initial, case=case, has_enquiry=enquiry is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_return_codes_record(
                actor=acting_user(request),
                case=case,
                version=data["version"],
                contact_source=data.get("contact_source") or None
                if "contact_source" in form.fields
                else None,
                primary_need=data.get("primary_need") if "primary_need" in form.fields else None,
                closure_reason=data.get("closure_reason")
                if "closure_reason" in form.fields
                else None,
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "The codes for returns were saved")
            return redirect("case-summary", case_id=case.pk)
    return render(
        request,
        "cases/case_return_codes.html",
        {"case": case, "tab": "summary", "form": form, "enquiry": enquiry},
    )

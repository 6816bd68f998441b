"""The draft of an enquiry kept in the session between its pages, and the helpers the
pages share to read and keep it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from cases import selectors, services
from cases.forms.base import RawData
from cases.forms.enquiry import PERSON_PREFIX, ConcernsForm, FamilyDetailsForm, PersonFormSet
from cases.models import Family
from cases.services import ENQUIRY_ROLES
from earlyhelp.url_policy import Policy, access_policy
from partners.models import Agency, User
from partners.roles import Role
from partners.selectors import active_memberships, user_has_oversight_role

DRAFT = "enquiry_draft"
SENT = "enquiry_sent"
NEW, KNOWN = "new", "known"
CHECK = "check"

enquiry_pages = access_policy(Policy.ROLES, roles=ENQUIRY_ROLES)


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

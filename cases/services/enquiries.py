# mypy: disallow-untyped-defs
"""Enquiries at the front door: a new enquiry for a new or known family, re-referrals,
and the audit of a search made before raising one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases import capabilities, enquiry_consent, timeline
from cases.access import visible_families
from cases.audit import audit_record
from cases.codes import ContactSource
from cases.contact_sources import contact_source_for
from cases.events import CaseEvent
from cases.models import Case, Enquiry, Family, HouseholdMember, IdentifierConflict, Person
from cases.models.audit import AuditAction
from cases.services.families import (
    PersonDetails,
    _check_person,
    duplicate_check,
    family_create,
    person_add_to_family,
)
from cases.services.transitions import StepDownDetails, case_accept_step_down
from cases.workflow_states import State
from cases.working_days import months_before
from earlyhelp.errors import ApplicationError
from earlyhelp.templatetags.govuk import govuk_date
from partners.models import Agency, FamilyHub, User
from partners.roles import Role
from partners.selectors import active_memberships, user_has_oversight_role

ENQUIRY_ROLES = capabilities.ENQUIRY_ROLES


# --------------------------------------------------------------------------- enquiries


def _acting_agency(actor: User, agency: Agency | None, roles: Iterable[str]) -> Agency:
    allowed = {m.agency_id: m.agency for m in active_memberships(user=actor) if m.role in roles}
    if not allowed:
        raise PermissionDenied("Your role does not allow this")
    if agency is None:
        return next(iter(allowed.values()))
    if agency.pk not in allowed:
        raise PermissionDenied("You can only act for an agency you belong to")
    return agency


def _next_reference(case: Case) -> str:
    prefix = getattr(settings, "CASE_REFERENCE_PREFIX", "EH")
    return f"{prefix}{case.pk:06d}"


def enquiry_create(
    *,
    actor: User,
    family: Family,
    children: Sequence[Person],
    concerns: str,
    concern_categories: Sequence[str] = (),
    tried_before: str = "",
    family_consent: str,
    urgency: str = "routine",
    agency: Agency | None = None,
    on_behalf_of: str = "",
    contact_source: str | None = None,
    possible_duplicates: Sequence[Family] = (),
    received_at: dt.datetime | None = None,
) -> Case:
    """Raise an enquiry at the front door: a new case in 'enquiry received'.

    `family` must be one the actor just created or may see. The case takes the
    family's zone and hub, which decides which coordinators see it.
    """
    acting = _acting_agency(actor, agency, ENQUIRY_ROLES)
    errors: dict[str, list[str]] = {}
    if not concerns.strip():
        errors["concerns"] = ["Enter what the concerns are"]
    if not children:
        errors["children"] = ["Select the children the enquiry is about"]
    if family_consent not in ("given", "knows_not_agreed", "not_told"):
        errors["family_consent"] = ["Select whether the family knows about the enquiry"]
    if errors:
        raise ApplicationError("Check the enquiry", errors)
    source = contact_source or contact_source_for(agency=acting)
    with transaction.atomic():
        received_at = received_at or timezone.now()
        case = Case.objects.create(
            family=family,
            zone=family.zone,
            family_hub=family.family_hub,
            opened_on=timezone.localdate(received_at),
            state_changed_at=received_at,
        )
        case.reference = _next_reference(case)
        case.save(update_fields=["reference"])
        enquiry = Enquiry.objects.create(
            case=case,
            raised_by=actor,
            raised_by_agency=acting,
            on_behalf_of=on_behalf_of,
            contact_source=source,
            concerns=concerns.strip(),
            concern_categories=list(concern_categories),
            tried_before=tried_before,
            family_consent=family_consent,
            urgency=urgency,
            received_at=received_at or timezone.now(),
        )
        enquiry.children.set(children)
        duplicates = {f.pk for f in possible_duplicates} | _attach_identifier_conflicts(
            enquiry, family
        )
        if duplicates:
            enquiry.possible_duplicates.set(duplicates)
        timeline.event_add(
            case=case,
            kind=CaseEvent.ENQUIRY_RECEIVED.kind,
            actor=actor,
            at=enquiry.received_at,
            title=f"Enquiry received from {acting.name}",
            description=concerns.strip()[:500],
        )
        earlier = _rereferral_of(case, family, children)
        if earlier is not None:
            case.rereferral_of = earlier
            case.save(update_fields=["rereferral_of"])
            timeline.event_add(
                case=case,
                kind=CaseEvent.REREFERRAL.kind,
                actor=actor,
                at=enquiry.received_at,
                title="Re-referral within 12 months of closure",
                description=f"Case {earlier.reference} closed on {govuk_date(earlier.closed_on)}.",
            )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=enquiry, case=case)
        enquiry_consent.enquiry_consent_carry(actor=actor, enquiry=enquiry)
    return case


REREFERRAL_MONTHS = 12


def _rereferral_of(case: Case, family: Family, children: Sequence[Person]) -> Case | None:
    """The most recent case of the same family, or about the same children, that closed
    in the 12 months before this enquiry."""
    received = case.opened_on
    closed = (
        Case.objects.filter(
            state=State.CLOSED,
            closed_on__gte=months_before(received, REREFERRAL_MONTHS),
            closed_on__lte=received,
        )
        .exclude(pk=case.pk)
        .order_by("-closed_on", "-id")
    )
    # Two indexed lookups (the family's cases; the cases about these children) rather
    # than one OR across the join, which would scan every case.
    candidates = [
        found
        for found in (
            closed.filter(family=family).first(),
            closed.filter(
                pk__in=Enquiry.children.through.objects.filter(
                    person_id__in=[c.pk for c in children]
                ).values("enquiry__case_id")
            ).first()
            if children
            else None,
        )
        if found is not None
    ]
    return max(candidates, key=lambda c: (c.closed_on, c.pk), default=None)


def _attach_identifier_conflicts(enquiry: Enquiry, family: Family) -> set[int]:
    """Hand the family's unresolved identifier conflicts to this enquiry; return the ids of
    the households where those identifiers are recorded (possible duplicates)."""
    conflicts = IdentifierConflict.objects.filter(family=family, enquiry__isnull=True)
    known = list(conflicts.values_list("known_person_id", flat=True))
    if not known:
        return set()
    conflicts.update(enquiry=enquiry)
    return set(
        HouseholdMember.objects.filter(person_id__in=known, left_on__isnull=True)
        .exclude(family=family)
        .values_list("family_id", flat=True)
    )


@dataclass
class NewFamilyDetails:
    """What the front door learns about a household not known before."""

    name: str
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    language: str = "English"
    interpreter_needed: bool = False
    # Chosen when the postcode is not in an area the service knows (or to override it).
    family_hub_id: int | None = None


def enquiry_raise(
    *,
    actor: User,
    concerns: str,
    family_consent: str,
    family: Family | None = None,
    children: Sequence[Person] = (),
    new_family: NewFamilyDetails | None = None,
    people: Sequence[PersonDetails] = (),
    concern_categories: Sequence[str] = (),
    tried_before: str = "",
    urgency: str = "routine",
    agency: Agency | None = None,
    on_behalf_of: str = "",
    contact_source: str | None = None,
    step_down: StepDownDetails | None = None,
) -> Case:
    """Raise an enquiry from the front-door pages, in one transaction.

    Either for a `family` the actor may see (about some of its current `children`), or
    for a `new_family` with its `people` (those marked `enquiry_is_about` are the
    children it is about). For a new family the duplicate check runs again here:
    matches the actor may not see are attached to the enquiry for the front door to
    check at screening, and are never returned to the actor.

    Only coordinators and managers may record an enquiry on someone else's behalf, or a
    step-down from children's social care (`step_down`), which goes straight to
    awaiting allocation.
    """
    acting = _acting_agency(actor, agency, ENQUIRY_ROLES)
    if (on_behalf_of.strip() or contact_source or step_down) and not user_has_oversight_role(
        user=actor, roles={Role.COORDINATOR, Role.MANAGER}
    ):
        raise PermissionDenied("Only coordinators can record an enquiry made by someone else")
    if (family is None) == (new_family is None):
        raise ApplicationError("Choose the family, or enter a new one")
    hidden: list[Family] = []
    if family is not None:
        if not visible_families(actor).filter(pk=family.pk).exists():
            raise PermissionDenied("You cannot raise an enquiry for this family")
        member_ids = set(
            HouseholdMember.objects.filter(family=family, left_on__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        if any(child.pk not in member_ids for child in children):
            raise ApplicationError(
                "Select the children the enquiry is about",
                {"children": ["Select children who live in this household"]},
            )
    else:
        assert new_family is not None  # noqa: S101 - narrowed by the check above
        problems: dict[str, Any] = {}
        for index, details in enumerate(people):
            found = _check_person(details)
            if found:
                problems[f"person-{index}"] = found
        if not people:
            raise ApplicationError(
                "Add the people in the household", {"people": ["Add at least one person"]}
            )
        if problems:
            raise ApplicationError("Check the details of the people in the household", problems)
        if not any(details.enquiry_is_about for details in people):
            raise ApplicationError(
                "Select the children the enquiry is about",
                {"children": ["Select at least one child the enquiry is about"]},
            )
        _visible, hidden = duplicate_check(
            user=actor,
            nhs_numbers=[d.nhs_number for d in people if d.nhs_number],
            people=[(d.family_name, d.date_of_birth) for d in people if d.date_of_birth],
            postcode=new_family.postcode,
        )
    with transaction.atomic():
        if new_family is not None:
            family = family_create(
                actor=actor,
                name=new_family.name,
                address_line_1=new_family.address_line_1,
                address_line_2=new_family.address_line_2,
                town=new_family.town,
                postcode=new_family.postcode,
                language=new_family.language,
                interpreter_needed=new_family.interpreter_needed,
                family_hub=FamilyHub.objects.filter(pk=new_family.family_hub_id).first()
                if new_family.family_hub_id
                else None,
            )
            if family.zone_id is None:
                # Coordinators see the enquiries of their zone or hub: a family with
                # neither would wait at a front door nobody watches.
                raise ApplicationError(
                    "Select the family hub that serves the family",
                    {
                        "family_hub": [
                            "Select the family hub that serves the family: the postcode is "
                            "not in an area the service knows"
                        ]
                    },
                )
            about: list[Person] = []
            for details in people:
                person = person_add_to_family(actor=actor, family=family, details=details)
                if details.enquiry_is_about:
                    about.append(person)
            children = about
        assert family is not None  # noqa: S101
        case = enquiry_create(
            actor=actor,
            family=family,
            children=children,
            concerns=concerns,
            concern_categories=concern_categories,
            tried_before=tried_before,
            family_consent=family_consent,
            urgency=urgency,
            agency=acting,
            on_behalf_of=on_behalf_of.strip(),
            contact_source=ContactSource.LA_SOCIAL_CARE if step_down else contact_source or None,
            possible_duplicates=hidden,
        )
        if step_down is not None:
            case = case_accept_step_down(
                actor=actor, case=case, details=step_down, summary=concerns
            )
        return case


def search_record(
    *, actor: User, searched_by: Sequence[str], results: int, case_ids: Sequence[int] = ()
) -> None:
    """Record that someone searched for families: which kinds of term, how many found, and
    the cases of the page of results shown (one entry, found from each case's access tab).

    The terms themselves (names, dates of birth, NHS numbers) are not copied into the log.
    """
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.SEARCH,
            detail={"searched_by": sorted(searched_by), "results": results},
            case_ids=sorted(set(case_ids)),
        )

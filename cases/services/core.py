# mypy: disallow-untyped-defs
"""Writes of families, people, enquiries, the workflow, the team, consent, shares, notes.

Each service takes the acting user, checks permission through cases/access.py,
changes data in one transaction, appends to the case chronology where the case shows
it, and writes its audit entry last (the audit chain lock is then held only for the
moment before commit). Views, the API, tasks, commands and the demo builder all call
these; nothing else saves these models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import assign_perm

from cases import capabilities, enquiry_consent, timeline, work_notices
from cases.access import (
    Action,
    can,
    forget_reach,
    refuse_if_closed,
    require,
    visible_cases,
    visible_families,
)
from cases.audit import audit_record
from cases.codes import ContactSource, Relationship
from cases.contact_sources import contact_source_for
from cases.identifiers import (
    normalise_postcode,
    validate_nhs_number,
    validate_ni_number,
    validate_upn,
)
from cases.models import (
    Case,
    CaseGrant,
    CaseNote,
    CaseShare,
    CaseTeamMember,
    CaseTransition,
    CaseType,
    ClosureProposal,
    ClosureStatus,
    ConsentDecision,
    ConsentRecord,
    Disclosure,
    Enquiry,
    Family,
    HouseholdMember,
    IdentifierConflict,
    LeadPractitionerAssignment,
    NoteVisibility,
    Person,
    PersonIdentifier,
    SensitiveCategory,
    ShareBasis,
    StepDown,
)
from cases.models.audit import AuditAction
from cases.workflow import TRANSITIONS
from cases.workflow_states import ClosureReason, ScreeningOutcome, State
from cases.working_days import months_before
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import Agency, FamilyHub, InformationSharingAgreement, User, Zone
from partners.roles import Role
from partners.selectors import (
    active_memberships,
    hub_for_postcode,
    not_a_member_message,
    user_has_oversight_role,
)

ENQUIRY_ROLES = capabilities.ENQUIRY_ROLES


# --------------------------------------------------------------------------- families


@dataclass
class PersonDetails:
    """What the front door learns about one household member."""

    family_name: str
    given_names: str
    relationship: str
    preferred_name: str = ""
    date_of_birth: dt.date | None = None
    date_of_birth_estimated: bool = False
    expected_date_of_birth: dt.date | None = None
    sex: str = "U"
    gender: str = "not_stated"
    ethnicity: str = "NOBT"
    send: bool = False
    disability: str = ""
    school_id: int | None = None
    school_name: str = ""
    nhs_number: str = ""
    upn: str = ""
    ni_number: str = ""
    local_id: str = ""
    enquiry_is_about: bool = False  # the enquiry is about this child
    errors: dict[str, list[str]] = field(default_factory=dict)


def _check_person(details: PersonDetails) -> dict[str, list[str]]:
    """Validate one person's details; field -> messages, in the GOV.UK voice."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if not details.family_name.strip():
        errors["family_name"] = ["Enter a family name"]
    if not details.given_names.strip():
        errors["given_names"] = ["Enter the given names"]
    if details.relationship not in Relationship.values:
        errors["relationship"] = ["Select how they are related to the household"]
    if details.date_of_birth and details.date_of_birth > today:
        errors["date_of_birth"] = ["Date of birth must be in the past"]
    if details.date_of_birth and details.date_of_birth < dt.date(1900, 1, 1):
        errors["date_of_birth"] = ["Date of birth must be after 1 January 1900"]
    if details.expected_date_of_birth and details.date_of_birth:
        errors["expected_date_of_birth"] = [
            "Enter either a date of birth or an expected date of birth, not both"
        ]
    for name, validator in (
        ("nhs_number", validate_nhs_number),
        ("upn", validate_upn),
        ("ni_number", validate_ni_number),
    ):
        value = getattr(details, name)
        if value:
            try:
                setattr(details, name, validator(value))
            except ValidationError as exc:
                errors[name] = list(exc.messages)
    return errors


def _place_of(
    postcode: str, zone: Zone | None, hub: FamilyHub | None
) -> tuple[Zone | None, FamilyHub | None]:
    """Zone and hub chosen, or derived from the postcode's area."""
    if hub is not None:
        return hub.zone, hub
    if zone is not None:
        return zone, None
    derived = hub_for_postcode(postcode=postcode) if postcode else None
    return (derived.zone, derived) if derived else (None, None)


def family_create(
    *,
    actor: User,
    name: str,
    address_line_1: str = "",
    address_line_2: str = "",
    town: str = "",
    postcode: str = "",
    language: str = "English",
    interpreter_needed: bool = False,
    zone: Zone | None = None,
    family_hub: FamilyHub | None = None,
) -> Family:
    """Create a household. Its zone and hub follow its postcode unless chosen."""
    if not name.strip():
        raise ApplicationError("Enter a name for the family", {"name": ["Enter a name"]})
    postcode = normalise_postcode(postcode) if postcode else ""
    zone, family_hub = _place_of(postcode, zone, family_hub)
    with transaction.atomic():
        family = Family.objects.create(
            name=name.strip(),
            address_line_1=address_line_1,
            address_line_2=address_line_2,
            town=town,
            postcode=postcode,
            language=language or "English",
            interpreter_needed=interpreter_needed,
            zone=zone,
            family_hub=family_hub,
            created_by=actor,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=family)
    return family


def _is_same_person(known: Person, details: PersonDetails) -> bool:
    """The person an NHS number is recorded for is the one described: the same date of
    birth, and the same family name or given names (ignoring case, spaces, punctuation)."""
    if details.date_of_birth is None or known.date_of_birth != details.date_of_birth:
        return False
    return _normalised(known.family_name) == _normalised(details.family_name) or (
        _normalised(known.given_names) == _normalised(details.given_names)
    )


def person_add_to_family(*, actor: User, family: Family, details: PersonDetails) -> Person:
    """Add a person to a household.

    A person already known by the NHS number given is reused only when their date of
    birth and their family name or given names match too. Otherwise a new person is
    created without the conflicting identifier (a mistyped but valid number must never
    attach someone else's record), and the conflict is kept for the front door
    (IdentifierConflict, attached to the family's next enquiry). The person raising the
    enquiry is not told: that the number exists elsewhere is itself personal data.
    """
    errors = _check_person(details)
    if errors:
        raise ApplicationError(
            "Check the details of " + (details.given_names or "this person"), errors
        )
    given = [
        (id_type, value)
        for id_type, value in (
            (PersonIdentifier.Type.NHS_NUMBER, details.nhs_number),
            (PersonIdentifier.Type.UPN, details.upn),
            (PersonIdentifier.Type.NI_NUMBER, details.ni_number),
            (PersonIdentifier.Type.LOCAL_ID, details.local_id.strip()),
        )
        if value
    ]
    with transaction.atomic():
        holders = (
            {
                (i.type, i.value): i.person
                for i in PersonIdentifier.objects.filter(
                    valid_until__isnull=True,
                    type__in=[t for t, _ in given],
                    value__in=[v for _, v in given],
                ).select_related("person")
            }
            if given
            else {}
        )
        known = holders.get((PersonIdentifier.Type.NHS_NUMBER, details.nhs_number))
        if known is not None and _is_same_person(known, details):
            person = known
        else:
            person = Person.objects.create(
                family_name=details.family_name.strip(),
                given_names=details.given_names.strip(),
                preferred_name=details.preferred_name.strip(),
                date_of_birth=details.date_of_birth,
                date_of_birth_accuracy=(
                    Person.DobAccuracy.ESTIMATED
                    if details.date_of_birth_estimated
                    else Person.DobAccuracy.EXACT
                ),
                expected_date_of_birth=details.expected_date_of_birth,
                sex=details.sex,
                gender=details.gender,
                ethnicity=details.ethnicity,
                send=details.send,
                disability=details.disability,
                has_disability=bool(details.disability.strip()),
                school_id=details.school_id,
                school_name=details.school_name.strip(),
            )
            for id_type, value in given:
                holder = holders.get((id_type, value))
                if holder is None:
                    PersonIdentifier.objects.create(person=person, type=id_type, value=value)
                else:
                    IdentifierConflict.objects.create(
                        person=person,
                        known_person=holder,
                        family=family,
                        identifier_type=id_type,
                        value=value,
                        recorded_by=actor,
                    )
        HouseholdMember.objects.get_or_create(
            family=family,
            person=person,
            left_on=None,
            defaults={"relationship": details.relationship},
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=person, detail={"family_id": family.pk}
        )
    return person


def _normalised(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isalnum())


def family_matches(
    *,
    nhs_numbers: Iterable[str] = (),
    people: Iterable[tuple[str, dt.date]] = (),
    postcode: str = "",
) -> list[Family]:
    """Families already known that match: by NHS number, or family name + date of birth +
    postcode, tolerant of case, spacing and punctuation. Not scoped: callers split the
    result into what the user may and may not see (duplicate_check)."""
    numbers = {validate_nhs_number(n) for n in nhs_numbers if n}
    found: dict[int, Family] = {}
    if numbers:
        for family in Family.objects.filter(
            members__left_on__isnull=True,
            members__person__identifiers__type=PersonIdentifier.Type.NHS_NUMBER,
            members__person__identifiers__value__in=numbers,
            members__person__identifiers__valid_until__isnull=True,
        ).distinct():
            found[family.pk] = family
    wanted_postcode = _normalised(postcode)
    wanted = {(_normalised(name), dob) for name, dob in people if name and dob}
    if wanted and wanted_postcode:
        candidates = HouseholdMember.objects.filter(
            left_on__isnull=True,
            person__date_of_birth__in={dob for _, dob in wanted},
        ).select_related("family", "person")
        for member in candidates:
            key = (_normalised(member.person.family_name), member.person.date_of_birth)
            if key in wanted and _normalised(member.family.postcode) == wanted_postcode:
                found[member.family_id] = member.family
    return list(found.values())


def duplicate_check(
    *,
    user: User,
    nhs_numbers: Iterable[str] = (),
    people: Iterable[tuple[str, dt.date]] = (),
    postcode: str = "",
) -> tuple[list[Family], list[Family]]:
    """(matches the user may see and choose, matches hidden from them).

    Hidden matches are never shown to the user: they are attached to the enquiry for
    the front door to check at screening.
    """
    matches = family_matches(nhs_numbers=nhs_numbers, people=people, postcode=postcode)
    if not matches:
        return [], []
    visible_ids = set(
        visible_families(user).filter(pk__in=[f.pk for f in matches]).values_list("pk", flat=True)
    )
    return (
        [f for f in matches if f.pk in visible_ids],
        [f for f in matches if f.pk not in visible_ids],
    )


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
            kind="enquiry",
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
                kind="rereferral",
                actor=actor,
                at=enquiry.received_at,
                title="Re-referral within 12 months of closure",
                description=f"Case {earlier.reference} closed on {earlier.closed_on:%d/%m/%Y}.",
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


# --------------------------------------------------------------------------- workflow


def case_transition(
    *,
    actor: User,
    case: Case,
    name: str,
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Move a case along the workflow (cases/workflow.py), or refuse with the reason.

    `expected_version` is the version the actor's page showed: if someone else has
    changed the case since, the change is refused rather than silently overwriting.
    `at` records a decision taken earlier (a meeting's decisions entered the next day,
    or history loaded from a previous system): not in the future, nor before the
    case's last step.
    """
    data = data or {}
    now = timezone.now()
    at = at or now
    if at > now:
        raise ApplicationError("The date of the decision must be today or in the past")
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ApplicationError(f"There is no step called '{name}'")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentChangeError(
                "Someone else changed this case while you were working on it. "
                "Check the case as it is now and make your change again.",
                {"current_version": locked.version},
            )
        if locked.state not in transition.sources:
            raise ApplicationError(
                f"You cannot {transition.label} while the case is "
                f"'{State(locked.state).label.lower()}'"
            )
        require(actor, transition.action, locked)
        if name == "close":
            _refuse_own_closure(locked, actor)
        problems = transition.problems(locked, data)
        if problems:
            raise ApplicationError(problems[0], {"__all__": problems})
        if at < locked.state_changed_at and at != now:
            raise ApplicationError("The date of the decision cannot be before the case's last step")
        _apply_transition_data(locked, name, data)
        previous = locked.state
        locked.state = transition.target
        locked.state_changed_at = at
        if transition.target == State.CLOSED:
            locked.closed_on = timezone.localdate(at)
            _end_access_at_closure(locked, timezone.localdate(at))
        locked.version += 1
        locked.save()
        _record_transition_facts(locked, name, previous, data, actor, at)
        CaseTransition.objects.create(
            case=locked,
            name=name,
            from_state=previous,
            to_state=transition.target,
            actor=actor,
            reason=(data.get("reason") or "").strip(),
            at=at,
        )
        timeline.event_add(
            case=locked,
            kind="transition",
            actor=actor,
            at=at,
            title=f"{State(transition.target).label}",
            description=(data.get("reason") or "").strip(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            case=locked,
            detail={"transition": name, "from": previous, "to": transition.target},
        )
        work_notices.after_transition(case=locked, name=name, actor=actor)
    return locked


def _apply_transition_data(case: Case, name: str, data: dict[str, Any]) -> None:
    if name in ("accept_for_allocation", "close_at_screening", "accept_step_down"):
        case.screening_outcome = (
            data["outcome"]
            if name == "close_at_screening"
            else ScreeningOutcome.EARLY_HELP_ASSESSMENT
        )
        case.screening_reason = data.get("reason", "").strip()
        if name == "close_at_screening":
            case.closure_reason = data["outcome"]
    if name == "close_without_allocation":
        case.closure_reason = data["outcome"]
    if name == "allocate":
        if data.get("lead_agency"):
            case.lead_agency = data["lead_agency"]
        if data.get("lead_practitioner"):
            case.lead_practitioner = data["lead_practitioner"]
        if data.get("need_level"):
            case.allocation_level = data["need_level"]
        case.case_type = data.get("case_type") or case.case_type or default_case_type()
    if name == "propose_closure":
        case.closure_reason = data["closure_reason"]
    if name == "close":
        proposal = open_closure_proposal(case)
        if proposal is not None:
            case.closure_reason = proposal.reason
            case.closure_level_id = proposal.closing_level_id
        if data.get("closure_reason"):
            case.closure_reason = data["closure_reason"]
        if data.get("closing_level"):
            case.closure_level = data["closing_level"]
    if name == "return_from_closing":
        case.closure_reason = ""
    if name == "step_up":
        case.closure_reason = ClosureReason.STEPPED_UP
        if data.get("closing_level"):
            case.closure_level = data["closing_level"]


OWN_CLOSURE = "Another manager must sign off a closure you proposed"


def _refuse_own_closure(case: Case, actor: User) -> None:
    """Four eyes: whoever proposed a closure cannot also sign it off, as for assessments.

    Returning it is allowed: that only keeps the case open.
    """
    proposal = open_closure_proposal(case)
    if proposal is not None and proposal.proposed_by_id == actor.pk:
        raise ApplicationError(OWN_CLOSURE, {"__all__": [OWN_CLOSURE]})


def default_case_type() -> CaseType | None:
    return CaseType.objects.filter(is_default=True, is_active=True).first()


def open_closure_proposal(case: Case) -> ClosureProposal | None:
    return ClosureProposal.objects.filter(case=case, status=ClosureStatus.PROPOSED).first()


def _record_transition_facts(
    case: Case, name: str, previous: str, data: dict[str, Any], actor: User, at: dt.datetime
) -> None:
    """What a transition leaves behind besides the case's state: the lead practitioner's
    period, the closure proposal and its decision."""
    if name == "allocate":
        assert case.lead_practitioner is not None and case.lead_agency is not None  # noqa: S101
        LeadPractitionerAssignment.objects.create(
            case=case,
            user=case.lead_practitioner,
            agency=case.lead_agency,
            started_at=at,
            reason=(data.get("reason") or "").strip() or "Allocated",
            family_preference=(data.get("family_preference") or "").strip(),
            assigned_by=actor,
        )
    if name == "propose_closure":
        ClosureProposal.objects.create(
            case=case,
            reason=data["closure_reason"],
            reason_detail=(data.get("reason") or "").strip(),
            exit_plan=data["exit_plan"].strip(),
            exit_support=data["exit_support"].strip(),
            closing_level=data["closing_level"],
            feedback=data.get("feedback"),
            proposed_by=actor,
            proposed_at=at,
        )
    elif previous == State.CLOSING:
        ClosureProposal.objects.filter(case=case, status=ClosureStatus.PROPOSED).update(
            status=ClosureStatus.SIGNED_OFF if name == "close" else ClosureStatus.RETURNED,
            decided_by=actor,
            decided_at=at,
            manager_comments=(data.get("reason") or "").strip(),
        )
    if case.state == State.CLOSED:
        LeadPractitionerAssignment.objects.filter(case=case, ended_at__isnull=True).update(
            ended_at=at,
            ended_by=actor,
            end_reason=f"Case closed: {case.closure_label.lower()}",
        )


def _end_access_at_closure(case: Case, on: dt.date) -> None:
    """At closure the Team Around the Family stands down and shares end."""
    CaseTeamMember.objects.filter(case=case, ended_on__isnull=True).update(ended_on=on)
    CaseShare.objects.filter(case=case, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_reason="Case closed"
    )


def case_screen(
    *,
    actor: User,
    case: Case,
    outcome: str,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Record the front door's screening decision (starting screening if needed)."""
    if outcome not in ScreeningOutcome.values:
        raise ApplicationError(
            "Select the screening decision", {"outcome": ["Select the screening decision"]}
        )
    if not reason.strip():
        raise ApplicationError(
            "Enter the reason for the decision", {"reason": ["Enter the reason for the decision"]}
        )
    with transaction.atomic():
        if case.state == State.ENQUIRY_RECEIVED:
            case = case_transition(
                actor=actor,
                case=case,
                name="start_screening",
                expected_version=expected_version,
                at=at,
            )
            expected_version = case.version
        name = (
            "accept_for_allocation"
            if outcome == ScreeningOutcome.EARLY_HELP_ASSESSMENT
            else "close_at_screening"
        )
        return case_transition(
            actor=actor,
            case=case,
            name=name,
            expected_version=expected_version,
            data={"outcome": outcome, "reason": reason},
            at=at,
        )


@dataclass
class StepDownDetails:
    """A family stepped down from children's social care: their episode's reference."""

    social_care_reference: str
    social_care_closed_on: dt.date | None = None


def case_accept_step_down(
    *,
    actor: User,
    case: Case,
    details: StepDownDetails,
    summary: str,
    at: dt.datetime | None = None,
) -> Case:
    """Take a new enquiry stepped down from social care straight to awaiting allocation.

    The enquiry's contact source becomes 5A (LA services: social care) and the step-down
    is linked to the social care episode's reference; the case goes on the next
    allocation meeting's agenda as a step-down.
    """
    errors: dict[str, list[str]] = {}
    reference = details.social_care_reference.strip()
    if not reference:
        errors["social_care_reference"] = ["Enter the social care episode reference"]
    if details.social_care_closed_on and details.social_care_closed_on > timezone.localdate():
        errors["social_care_closed_on"] = [
            "The date social care closed its episode must be today or in the past"
        ]
    if not summary.strip():
        errors["concerns"] = ["Enter why the family is stepping down and what help they need"]
    if errors:
        raise ApplicationError("Check the step-down details", errors)
    if not can(actor, Action.SCREEN, case):
        raise ApplicationError(
            "You can record a step-down only for a family in a zone or family hub you cover"
        )
    with transaction.atomic():
        Enquiry.objects.filter(case=case).update(contact_source=ContactSource.LA_SOCIAL_CARE)
        StepDown.objects.create(
            case=case,
            social_care_reference=reference,
            social_care_closed_on=details.social_care_closed_on,
            summary=summary.strip(),
            recorded_by=actor,
        )
        return case_transition(
            actor=actor,
            case=case,
            name="accept_step_down",
            data={"reason": f"Stepped down from children's social care ({reference})"},
            at=at,
        )


# --------------------------------------------------------------------------- team


def team_member_add(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    user: User | None = None,
    role_on_case: str = "",
    started_on: dt.date | None = None,
    basis: str = ShareBasis.CONSENT,
    lawful_reason: str = "",
    agreement: InformationSharingAgreement | None = None,
) -> CaseTeamMember:
    """Add an agency (optionally a named person of it) to the Team Around the Family.

    Joining the team opens the case to the agency, so someone from an agency other than
    the lead agency joins only on a basis: the family's consent covering that agency (a
    current share with it), or a lawful basis for sharing without consent, recorded
    here as a share with its reason. Either way the addition goes on the information
    sharing record, and the membership ends when the share it relies on ends.
    """
    refuse_if_closed(actor, Action.MANAGE_TEAM, case, "no one can join its team")
    require(actor, Action.MANAGE_TEAM, case)
    errors: dict[str, list[str]] = {}
    if user is not None and not any(
        m.agency_id == agency.pk for m in active_memberships(user=user)
    ):
        errors["user"] = [not_a_member_message(agency)]
    needs_basis = agency.pk != case.lead_agency_id
    existing = (
        CaseShare.objects.current().filter(case=case, agency=agency).order_by("-granted_at").first()
        if needs_basis
        else None
    )
    if needs_basis and basis == ShareBasis.CONSENT and existing is None:
        errors["basis"] = [
            f"The family's consent does not cover {agency.name}. Record their consent "
            "first, or choose a lawful basis for sharing without it"
        ]
    elif needs_basis and basis != ShareBasis.CONSENT:
        errors |= _lawful_basis_errors(
            agency=agency,
            basis=basis,
            lawful_reason=lawful_reason,
            agreement=agreement,
            agreement_required=False,
        )
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors)
    who = f"{user.full_name} ({agency.name})" if user else agency.name
    with transaction.atomic():
        share = existing
        if needs_basis and basis != ShareBasis.CONSENT:
            share = _share_create(
                actor=actor,
                case=case,
                agency=agency,
                basis=basis,
                lawful_reason=lawful_reason.strip(),
                agreement=agreement,
                purpose="To work with the family as part of the Team Around the Family",
                what=f"Access to the case record: {who} joined the Team Around the Family",
            )
        elif share is not None:
            Disclosure.objects.create(
                case=case,
                share=share,
                shared_with_agency=agency,
                what=f"Access to the case record: {who} joined the Team Around the Family",
                purpose="To work with the family as part of the Team Around the Family",
                basis=share.basis,
                reasoning=share.lawful_reason
                or "The family consented to this agency seeing their information",
                shared_by=actor,
            )
        member = CaseTeamMember.objects.create(
            case=case,
            agency=agency,
            user=user,
            role_on_case=role_on_case,
            started_on=started_on or timezone.localdate(),
            added_by=actor,
            share=share,
        )
        timeline.event_add(
            case=case,
            kind="team",
            actor=actor,
            title=f"{user or agency} joined the Team Around the Family",
            description=role_on_case,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=member,
            case=case,
            reason=lawful_reason.strip(),
            detail={"agency": agency.name, "basis": share.basis if share else "lead agency"},
        )
        work_notices.team_joined(member=member, actor=actor)
    return member


def _lawful_basis_errors(
    *,
    agency: Agency,
    basis: str,
    lawful_reason: str,
    agreement: InformationSharingAgreement | None,
    agreement_required: bool,
) -> dict[str, list[str]]:
    """What is missing from a lawful basis for sharing with `agency` without consent.

    An agreement relied on must cover the agency and be in force today.
    """
    errors: dict[str, list[str]] = {}
    if basis not in (ShareBasis.SAFEGUARDING, ShareBasis.LEGAL_DUTY):
        errors["basis"] = ["Select the lawful basis for sharing without consent"]
    if not lawful_reason.strip():
        errors["lawful_reason"] = ["Enter why sharing without consent is necessary"]
    if agreement is None:
        if agreement_required:
            errors["agreement"] = ["Select the information sharing agreement"]
    elif not agreement.agencies.filter(pk=agency.pk).exists():
        errors["agreement"] = [f"The agreement does not cover {agency.name}"]
    elif not agreement_in_force(agreement):
        errors["agreement"] = ["Select an agreement that is in force today"]
    return errors


def agreement_in_force(agreement: InformationSharingAgreement, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return agreement.valid_from <= on and (
        agreement.valid_until is None or agreement.valid_until >= on
    )


def _team_stand_down(*, actor: User | None, share: CaseShare, reason: str) -> None:
    """End the team memberships that relied on a share which has just ended.

    A membership moves to another current share with the same agency if there is one;
    otherwise it ends today, on the chronology and the audit record.
    """
    today = timezone.localdate()
    relying = CaseTeamMember.objects.filter(share=share).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )
    if not relying.exists():
        return
    other = (
        CaseShare.objects.current()
        .filter(case_id=share.case_id, agency_id=share.agency_id)
        .exclude(pk=share.pk)
        .order_by("-granted_at")
        .first()
    )
    for member in relying.select_related("user", "agency"):
        if other is not None:
            member.share = other
            member.save(update_fields=["share"])
            continue
        member.ended_on = today
        member.save(update_fields=["ended_on"])
        timeline.event_add(
            case=share.case,
            kind="team",
            actor=actor,
            title=f"{member.user or member.agency} left the Team Around the Family",
            description=reason,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=member,
            case=share.case,
            reason=reason,
            detail={"ended": "share ended", "agency": member.agency.name},
        )


def team_member_end(
    *, actor: User, member: CaseTeamMember, ended_on: dt.date | None = None
) -> CaseTeamMember:
    refuse_if_closed(actor, Action.MANAGE_TEAM, member.case, "its team can no longer change")
    require(actor, Action.MANAGE_TEAM, member.case)
    if member.ended_on is not None and member.ended_on <= timezone.localdate():
        raise ApplicationError(f"{member.user or member.agency} has already left the team")
    with transaction.atomic():
        member.ended_on = ended_on or timezone.localdate()
        member.save(update_fields=["ended_on"])
        timeline.event_add(
            case=member.case,
            kind="team",
            actor=actor,
            title=f"{member.user or member.agency} left the Team Around the Family",
        )
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=member, case=member.case)
    return member


# --------------------------------------------------------------------------- consent, shares


def consent_record(
    *,
    actor: User,
    case: Case,
    decision: str,
    basis: str = ShareBasis.CONSENT,
    person: Person | None = None,
    agencies: Sequence[Agency] = (),
    purposes: str = "",
    lawful_reason: str = "",
    method: str = "verbal",
    decided_on: dt.date | None = None,
    review_on: dt.date | None = None,
) -> ConsentRecord:
    """Record consent given, refused or withdrawn, or a lawful basis without consent.

    Consent given to named agencies shares the case with them; consent withdrawn ends
    every share that relied on that person's consent.
    """
    refuse_if_closed(actor, Action.MANAGE_TEAM, case, "consent can no longer be recorded on it")
    require(actor, Action.MANAGE_TEAM, case)
    errors: dict[str, list[str]] = {}
    if decision not in ConsentDecision.values:
        errors["decision"] = ["Select the family's decision"]
    if basis == ShareBasis.CONSENT and person is None:
        errors["person"] = ["Select who gave or refused consent"]
    if basis != ShareBasis.CONSENT and not lawful_reason.strip():
        errors["lawful_reason"] = ["Enter why sharing without consent is lawful"]
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        errors["decided_on"] = ["Date of the decision must be today or in the past"]
    if errors:
        raise ApplicationError("Check the consent details", errors)
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            case=case,
            person=person,
            decision=decision,
            basis=basis,
            lawful_reason=lawful_reason.strip(),
            purposes=purposes,
            method=method,
            decided_on=decided_on,
            review_on=review_on,
            recorded_by=actor,
        )
        record.agencies.set(agencies)
        if decision == ConsentDecision.WITHDRAWN:
            relying = CaseShare.objects.filter(
                case=case, basis=ShareBasis.CONSENT, ended_at__isnull=True
            )
            if person is not None:
                relying = relying.filter(Q(consent__person=person) | Q(consent__isnull=True))
            for share in relying:
                _share_end(actor=actor, share=share, reason="Consent withdrawn")
        elif decision == ConsentDecision.GIVEN:
            for agency in agencies:
                if not CaseShare.objects.current().filter(case=case, agency=agency).exists():
                    _share_create(
                        actor=actor,
                        case=case,
                        agency=agency,
                        basis=ShareBasis.CONSENT,
                        consent=record,
                        purpose=purposes,
                    )
        who = person.full_name if person else "Lawful basis"
        timeline.event_add(
            case=case,
            kind="consent",
            actor=actor,
            title=f"Consent {record.get_decision_display().lower()}: {who}",
            description=lawful_reason or purposes,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=record, case=case)
    return record


def _share_create(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    basis: str,
    consent: ConsentRecord | None = None,
    lawful_reason: str = "",
    agreement: InformationSharingAgreement | None = None,
    purpose: str = "",
    ends_on: dt.date | None = None,
    what: str = "Access to the case record (family, enquiry, assessment, plan and notes "
    "shared with the whole team)",
) -> CaseShare:
    share = CaseShare.objects.create(
        case=case,
        agency=agency,
        basis=basis,
        consent=consent,
        lawful_reason=lawful_reason,
        agreement=agreement,
        purpose=purpose,
        granted_by=actor,
        ends_on=ends_on,
    )
    Disclosure.objects.create(
        case=case,
        share=share,
        shared_with_agency=agency,
        what=what,
        purpose=purpose or "To work with the family as part of early help",
        basis=basis,
        reasoning=lawful_reason or "The family consented to this agency seeing their information",
        shared_by=actor,
    )
    timeline.event_add(
        case=case,
        kind="share",
        actor=actor,
        title=f"Shared with {agency.name}",
        description=purpose,
    )
    return share


def case_share(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    basis: str,
    consent: ConsentRecord | None = None,
    lawful_reason: str = "",
    agreement: InformationSharingAgreement | None = None,
    purpose: str = "",
    ends_on: dt.date | None = None,
) -> CaseShare:
    """Share a case with an agency, on recorded consent or a recorded lawful basis.

    Without consent the reason and the information sharing agreement relied on are
    required, and the agreement must cover the agency.
    """
    refuse_if_closed(actor, Action.MANAGE_TEAM, case, "it can no longer be shared")
    require(actor, Action.MANAGE_TEAM, case)
    errors: dict[str, list[str]] = {}
    if basis not in ShareBasis.values:
        errors["basis"] = ["Select the basis for sharing"]
    elif basis == ShareBasis.CONSENT:
        if (
            consent is None
            or consent.case_id != case.pk
            or (consent.decision != ConsentDecision.GIVEN)
        ):
            errors["consent"] = ["Select the consent this share relies on"]
    else:
        errors |= _lawful_basis_errors(
            agency=agency,
            basis=basis,
            lawful_reason=lawful_reason,
            agreement=agreement,
            agreement_required=True,
        )
    if not purpose.strip():
        errors["purpose"] = ["Enter the purpose of sharing"]
    if errors:
        raise ApplicationError("Check the sharing details", errors)
    with transaction.atomic():
        share = _share_create(
            actor=actor,
            case=case,
            agency=agency,
            basis=basis,
            consent=consent,
            lawful_reason=lawful_reason.strip(),
            agreement=agreement,
            purpose=purpose.strip(),
            ends_on=ends_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.SHARE,
            obj=share,
            case=case,
            reason=lawful_reason.strip(),
            detail={"agency": agency.name, "basis": basis},
        )
    return share


def _share_end(*, actor: User | None, share: CaseShare, reason: str) -> None:
    """End a share, and the team memberships that relied on it."""
    share.ended_at = timezone.now()
    share.ended_reason = reason
    share.save(update_fields=["ended_at", "ended_reason"])
    timeline.event_add(
        case=share.case,
        kind="share",
        actor=actor,
        title=f"Sharing with {share.agency.name} ended",
        description=reason,
    )
    _team_stand_down(actor=actor, share=share, reason=reason)


def case_share_end(*, actor: User, share: CaseShare, reason: str) -> CaseShare:
    refuse_if_closed(actor, Action.MANAGE_TEAM, share.case, "its sharing ended at closure")
    require(actor, Action.MANAGE_TEAM, share.case)
    if share.ended_at is not None:
        raise ApplicationError(f"Sharing with {share.agency.name} has already ended")
    if not reason.strip():
        raise ApplicationError(
            "Enter why sharing is ending", {"reason": ["Enter why sharing is ending"]}
        )
    with transaction.atomic():
        _share_end(actor=actor, share=share, reason=reason.strip())
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=share,
            case=share.case,
            reason=reason.strip(),
        )
    return share


AGREEMENT_ENDED_KIND = "sharing_agreement_ended"


def shares_end_on_expired_agreements(*, today: dt.date | None = None) -> int:
    """End the shares that rely on an information sharing agreement past its end date.

    Run daily. A share made without consent rests on its agreement: when the agreement
    ends, so does the share (and the team memberships that relied on it). Each ending
    is on the case's chronology and the audit log, and the case's lead practitioner is
    told, in the service and by email, so they can seek consent or a new basis.
    Idempotent: a share already ended is not touched again. Returns how many ended.
    """
    from django.urls import reverse

    from partners.notifications import notify

    today = today or timezone.localdate()
    expired = (
        CaseShare.objects.filter(ended_at__isnull=True, agreement__valid_until__lt=today)
        .select_related("case__lead_practitioner", "agency", "agreement")
        .order_by("id")
    )
    ended = 0
    for share in expired:
        agreement = share.agreement
        assert agreement is not None and agreement.valid_until is not None  # noqa: S101
        reason = (
            f"The information sharing agreement {agreement.reference} ended on "
            f"{agreement.valid_until.day} {agreement.valid_until:%B %Y}"
        )
        with transaction.atomic():
            _share_end(actor=None, share=share, reason=reason)
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=share,
                case=share.case,
                reason=reason,
                detail={"agency": share.agency.name, "agreement": agreement.reference},
            )
            lead = share.case.lead_practitioner
            if lead is not None:
                notify(
                    recipients=[lead],
                    kind=AGREEMENT_ENDED_KIND,
                    title=f"Sharing with {share.agency.name} ended on {share.case.reference}",
                    body=f"{reason}, so {share.agency.name} can no longer see the case. "
                    "Record the family's consent or another lawful basis if they still "
                    "need to.",
                    url=reverse("case-sharing", args=[share.case_id]),
                )
        ended += 1
    return ended


def disclosure_record(
    *,
    actor: User,
    case: Case,
    what: str,
    purpose: str,
    basis: str,
    reasoning: str,
    shared_with_agency: Agency | None = None,
    shared_with: str = "",
    shared_on: dt.date | None = None,
) -> Disclosure:
    """Record information shared outside the system: a phone call, a letter, a report
    sent, a case audit PDF handed to a court.

    Working Together 2023 asks that "a record should be kept of what has been shared,
    with whom and for what purpose and the reasoning behind it", so each is required,
    with the lawful basis. Those who decide who works with the family (MANAGE_TEAM)
    record it. A closed case still takes the record: information is shared after
    closure too (a subject access request, a court), and the record is of something
    that happened, not a change to the case's work.
    """
    require(actor, Action.MANAGE_TEAM, case)
    what, purpose, reasoning, shared_with = (
        what.strip(),
        purpose.strip(),
        reasoning.strip(),
        shared_with.strip(),
    )
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not what:
        errors["what"] = ["Enter what was shared"]
    if shared_with_agency is None and not shared_with:
        errors["shared_with_agency"] = ["Select the agency or enter who it was shared with"]
    if not purpose:
        errors["purpose"] = ["Enter the purpose of sharing"]
    if basis not in ShareBasis.values:
        errors["basis"] = ["Select the lawful basis for sharing"]
    if not reasoning:
        errors["reasoning"] = ["Enter the reasoning behind the decision to share"]
    if shared_on is not None and shared_on > today:
        errors["shared_on"] = ["Date shared must be today or in the past"]
    if errors:
        raise ApplicationError("Check the record of what was shared", errors)
    at = timezone.now()
    if shared_on is not None and shared_on != today:
        # The time of a call or letter is not asked for: an earlier day is kept as midday.
        at = timezone.make_aware(dt.datetime.combine(shared_on, dt.time(12)))
    recipient = shared_with_agency.name if shared_with_agency else shared_with
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            case=case,
            shared_with_agency=shared_with_agency,
            shared_with=shared_with,
            what=what,
            purpose=purpose,
            basis=basis,
            reasoning=reasoning,
            shared_by=actor,
            at=at,
        )
        timeline.event_add(
            case=case,
            kind="share",
            actor=actor,
            title=f"Information shared with {recipient}",
            description=what,
            at=at,
        )
        audit_record(
            actor=actor,
            action=AuditAction.SHARE,
            obj=disclosure,
            case=case,
            reason=reasoning,
            detail={"shared_with": recipient, "basis": basis},
        )
    return disclosure


# --------------------------------------------------------------------------- notes


def _author_agency(actor: User, case: Case) -> Agency | None:
    memberships = active_memberships(user=actor)
    for m in memberships:
        if m.agency_id == case.lead_agency_id:
            return m.agency
    return memberships[0].agency if memberships else None


def note_add(
    *,
    actor: User,
    case: Case,
    note_type: str,
    contact_date: dt.date,
    text: str,
    visibility: str | None = None,
    sensitive_category: str = "",
    readers: Sequence[User] = (),
) -> CaseNote:
    """Write a case note. Sensitive categories are restricted unless chosen otherwise.

    On a closed case only a manager who may sign it off can add a note (a closing note:
    a correction, or contact after closure); everyone else is refused with the reason.
    """
    refuse_if_closed(
        actor, Action.ADD_NOTE, case, "only a manager can add a note to it (a closing note)"
    )
    require(actor, Action.ADD_NOTE, case)
    if visibility is None:
        visibility = NoteVisibility.RESTRICTED if sensitive_category else NoteVisibility.EVERYONE
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = ["Enter the note"]
    if contact_date > timezone.localdate():
        errors["contact_date"] = ["Date of contact must be today or in the past"]
    if visibility not in NoteVisibility.values:
        errors["visibility"] = ["Select who can read the note"]
    if sensitive_category not in SensitiveCategory.values:
        errors["sensitive_category"] = ["Select a category"]
    if errors:
        raise ApplicationError("Check the note", errors)
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case,
            note_type=note_type,
            contact_date=contact_date,
            text=text.strip(),
            author=actor,
            author_agency=_author_agency(actor, case),
            visibility=visibility,
            sensitive_category=sensitive_category,
        )
        if visibility == NoteVisibility.RESTRICTED:
            for reader in {*readers, actor}:
                assign_perm("cases.view_casenote", reader, note)
        timeline.event_add(
            case=case,
            kind="note",
            actor=actor,
            note=note,
            at=timezone.make_aware(dt.datetime.combine(contact_date, dt.time(12)))
            if contact_date != timezone.localdate()
            else None,
            title=f"{note.get_note_type_display()} recorded",
            description=text.strip()[:300],
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=note,
            case=case,
            detail={"visibility": visibility},
        )
    return note


def note_reader_add(*, actor: User, note: CaseNote, reader: User) -> None:
    """Name one more person who may read a restricted note (its author or a manager).

    The reader must work on the case (its lead practitioner or a named member of its
    Team Around the Family) and be able to see it: a restricted note is never opened to
    someone outside the case, whoever asks.
    """
    if note.author_id != actor.pk:
        require(actor, Action.SIGN_OFF, note.case)
    from cases.selectors.core import case_workers

    works_on_case = case_workers(case=note.case).filter(pk=reader.pk).exists()
    if not works_on_case or not visible_cases(reader).filter(pk=note.case_id).exists():
        raise ApplicationError(
            "Check who may read the note", {"reader": ["Select someone who works on this case"]}
        )
    with transaction.atomic():
        assign_perm("cases.view_casenote", reader, note)
        audit_record(
            actor=actor,
            action=AuditAction.GRANT,
            obj=note,
            case=note.case,
            detail={"reader": reader.email},
        )


# --------------------------------------------------------------------------- grants


def case_grant_access(
    *,
    actor: User,
    case: Case,
    user: User,
    reason: str,
    days: int = 30,
    kind: str = CaseGrant.Kind.EXPLICIT,
) -> CaseGrant:
    """Give one person access to one case for a period, with a reason (managers)."""
    require(actor, Action.GRANT_ACCESS, case)
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = ["Enter why this person needs access"]
    if not 1 <= days <= 90:
        errors["days"] = ["Access can be granted for 1 to 90 days"]
    if errors:
        raise ApplicationError("Check the access details", errors)
    with transaction.atomic():
        grant, _ = CaseGrant.objects.update_or_create(
            user=user,
            content_object=case,
            permission=Permission.objects.get(
                codename="view_case", content_type__app_label="cases"
            ),
            defaults={
                "kind": kind,
                "reason": reason.strip(),
                "granted_by": actor,
                "expires_at": timezone.now() + dt.timedelta(days=days),
            },
        )
        forget_reach(user)
        timeline.event_add(
            case=case,
            kind="grant",
            actor=actor,
            title=f"Access granted to {user.full_name} for {days} days",
            description=reason.strip(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.GRANT,
            obj=grant,
            case=case,
            reason=reason.strip(),
            detail={"user": user.email, "days": days},
        )
    return grant


def grants_remove_expired(*, now: dt.datetime | None = None) -> int:
    """Delete grants whose period has ended (run daily). Returns how many went."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = CaseGrant.objects.filter(expires_at__lte=now)
        count = expired.count()
        if count:
            ids = list(expired.values_list("content_object_id", "user_id"))
            expired.delete()
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                reason="expired access grants removed",
                detail={"grants": [[c, u] for c, u in ids]},
            )
    return count

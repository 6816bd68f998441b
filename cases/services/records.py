"""Corrections to the family's record: a person's details and identifiers, and the codes
returns read (the enquiry's contact source, the census codes of section 17 episodes).

Inspection lists and returns read what is stored, so gaps are put right at the source,
on the case that brought the person to the service. Each correction is checked against
the version the page showed (a stale page is refused, not silently applied), appears in
the chronology, and is audited with the names of the fields changed (not their values,
which the field history keeps: django-pghistory on Person and Case).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases.access import Action, require
from cases.audit import audit_record
from cases.codes import CinClosureReason, ContactSource, PrimaryNeed
from cases.events import CaseEvent, case_event_record
from cases.models import (
    Case,
    ConflictResolution,
    Enquiry,
    HouseholdMember,
    IdentifierConflict,
    Person,
    PersonIdentifier,
)
from cases.models.audit import AuditAction
from cases.services.families import PersonDetails, _check_person
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.versioning import lock_version, save_new_version
from partners.models import User

IDENTIFIER_FIELDS = {
    "nhs_number": PersonIdentifier.Type.NHS_NUMBER,
    "upn": PersonIdentifier.Type.UPN,
    "ni_number": PersonIdentifier.Type.NI_NUMBER,
    "local_id": PersonIdentifier.Type.LOCAL_ID,
}
IDENTIFIER_LABELS = {
    "nhs_number": "NHS number",
    "upn": "UPN",
    "ni_number": "National Insurance number",
    "local_id": "local identifier",
}
DETAIL_FIELDS = (
    "family_name",
    "given_names",
    "preferred_name",
    "date_of_birth",
    "date_of_birth_accuracy",
    "expected_date_of_birth",
    "sex",
    "gender",
    "ethnicity",
    "disability",
    "has_disability",
    "send",
    "school_id",
    "school_name",
)


@dataclass(frozen=True)
class RecordCorrection:
    """What a correction changed, and any identifier left for the front door to check."""

    person: Person
    changed: list[str]
    identifiers_to_check: list[str]


def current_identifiers(person: Person, today: dt.date | None = None) -> dict[str, str]:
    today = today or timezone.localdate()
    return {
        i.type: i.value
        for i in person.identifiers.all()
        if i.valid_until is None or i.valid_until > today
    }


def _membership(case: Case, person: Person) -> HouseholdMember:
    member = (
        HouseholdMember.objects.filter(family_id=case.family_id, person=person)
        .order_by("left_on", "-joined_on")
        .first()
    )
    if member is None:
        raise ApplicationError("This person is not in the family of this case")
    return member


def person_update(
    *, actor: User, case: Case, person: Person, details: PersonDetails, version: int
) -> RecordCorrection:
    """Correct a household member's details, relationship and identifiers.

    A changed identifier ends the old one (kept, with its end date, as the dataset's
    linked identifiers need) and starts the new one. A new NHS number, UPN or NI number
    already recorded for somebody else is not attached: as at the front door, the
    conflict is kept for the coordinators' review of possible duplicate people, and the
    person correcting the record is told only that the number needs checking
    (`needs_checking_message`), whoever holds it.
    """
    require(actor, Action.CORRECT_RECORD, case)
    member = _membership(case, person)
    errors = _check_person(details)
    if errors:
        raise ApplicationError(f"Check the details of {person.full_name}", errors)
    today = timezone.localdate()
    with transaction.atomic():
        locked = lock_version(
            Person.objects,
            pk=person.pk,
            expected=version,
            stale=lambda row: ConcurrentChangeError(
                f"Someone else changed the details of {row.full_name} while you were "
                "editing them. Check the details below and make your change again."
            ),
        )
        new_values = {
            "family_name": details.family_name.strip(),
            "given_names": details.given_names.strip(),
            "preferred_name": details.preferred_name.strip(),
            "date_of_birth": details.date_of_birth,
            "date_of_birth_accuracy": (
                Person.DobAccuracy.ESTIMATED
                if details.date_of_birth_estimated
                else Person.DobAccuracy.EXACT
            ),
            "expected_date_of_birth": details.expected_date_of_birth,
            "sex": details.sex,
            "gender": details.gender,
            "ethnicity": details.ethnicity,
            "disability": details.disability.strip(),
            "has_disability": bool(details.disability.strip()),
            "send": details.send,
            "school_id": details.school_id,
            "school_name": details.school_name.strip() if not details.school_id else "",
        }
        changed = [name for name in DETAIL_FIELDS if getattr(locked, name) != new_values[name]]
        for name in changed:
            setattr(locked, name, new_values[name])
        if member.relationship != details.relationship:
            HouseholdMember.objects.filter(pk=member.pk).update(relationship=details.relationship)
            changed.append("relationship")
        to_check = _correct_identifiers(actor, case, locked, details, today, changed)
        if not changed and not to_check:
            return RecordCorrection(locked, [], [])
        save_new_version(locked, update_fields=None)
        case_event_record(
            event=CaseEvent.RECORD_CORRECTED,
            case=case,
            actor=actor,
            title=f"Details of {locked.full_name} corrected",
            description=", ".join(name.replace("_", " ") for name in changed),
            obj=locked,
            detail={"fields": changed, "identifiers_to_check": to_check},
        )
    return RecordCorrection(locked, changed, to_check)


def needs_checking_message(result: RecordCorrection) -> str:
    """What the person correcting a record is told about numbers not added.

    Only that they need checking: never that another person holds them, nor whether
    that person is someone they could see. The clash itself goes to the coordinators'
    review of possible duplicate people.
    """
    labels = [IDENTIFIER_LABELS[name] for name in result.identifiers_to_check]
    which = " and ".join(labels)
    verb = "needs" if len(labels) == 1 else "need"
    return (
        f"The other changes were saved. The {which} you gave {verb} checking before "
        "it can be added: a coordinator will check it."
    )


def _correct_identifiers(
    actor: User,
    case: Case,
    person: Person,
    details: PersonDetails,
    today: dt.date,
    changed: list[str],
) -> list[str]:
    current = {
        i.type: i
        for i in PersonIdentifier.objects.filter(person=person).filter(valid_until__isnull=True)
    }
    to_check: list[str] = []
    for field_name, id_type in IDENTIFIER_FIELDS.items():
        value = getattr(details, field_name).strip()
        existing = current.get(id_type)
        if (existing.value if existing else "") == value:
            continue
        holder = (
            PersonIdentifier.objects.filter(type=id_type, value=value, valid_until__isnull=True)
            .exclude(person=person)
            .first()
            if value
            else None
        )
        if holder is not None:
            IdentifierConflict.objects.create(
                person=person,
                known_person_id=holder.person_id,
                family_id=case.family_id,
                identifier_type=id_type,
                value=value,
                enquiry=Enquiry.objects.filter(case=case).first(),
                recorded_by=actor,
            )
            to_check.append(field_name)
            continue
        if existing is not None:
            existing.valid_until = today
            existing.save(update_fields=["valid_until"])
        if value:
            PersonIdentifier.objects.create(
                person=person, type=id_type, value=value, valid_from=today
            )
        changed.append(field_name)
    return to_check


def identifier_conflict_resolve(
    *, actor: User, conflict: IdentifierConflict, resolution: str, note: str
) -> IdentifierConflict:
    """A coordinator's decision on a possible duplicate person, from the review list.

    The caller has fetched the conflict through
    `cases.selectors.duplicates.possible_duplicate_for_review`, which only finds those
    of families the reviewer may see. Joining two records is not done here: the
    decision and its note say what was found, and the record is put right on the case.
    """
    errors: dict[str, list[str]] = {}
    if resolution not in ConflictResolution.values:
        errors["resolution"] = ["Select what you found"]
    if not note.strip():
        errors["note"] = ["Enter what you checked and what was done"]
    if errors:
        raise ApplicationError("Check your review", errors)
    with transaction.atomic():
        locked = IdentifierConflict.objects.select_for_update().get(pk=conflict.pk)
        if locked.resolved_at is not None:
            raise ApplicationError("Someone else has already reviewed this possible duplicate")
        locked.resolution = resolution
        locked.resolution_note = note.strip()
        locked.resolved_at = timezone.now()
        locked.resolved_by = actor
        locked.save(update_fields=["resolution", "resolution_note", "resolved_at", "resolved_by"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            reason="possible duplicate person reviewed",
            detail={"resolution": resolution, "person_id": locked.person_id},
        )
    return locked


def case_return_codes_record(
    *,
    actor: User,
    case: Case,
    version: int,
    contact_source: str | None = None,
    primary_need: str | None = None,
    closure_reason: str | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Record the codes returns read from a case: the contact source of its enquiry, and
    for a section 17 Family Help episode the census primary need and reason for closure.

    `None` leaves a code as it is; the census codes are refused for a case type outside
    the census, and a reason for closure for a case still open. `at` dates the
    chronology entry of codes recorded earlier (a history load).
    """
    require(actor, Action.CORRECT_RECORD, case)
    errors: dict[str, list[str]] = {}
    if contact_source is not None and contact_source not in ContactSource.values:
        errors["contact_source"] = ["Select where the contact came from"]
    census = bool(case.case_type and case.case_type.cin_census)
    if (primary_need or closure_reason) and not census:
        errors["primary_need"] = ["Census codes are only for section 17 Family Help episodes"]
    if primary_need and primary_need not in PrimaryNeed.values:
        errors["primary_need"] = ["Select the primary need"]
    if closure_reason and closure_reason not in CinClosureReason.values:
        errors["closure_reason"] = ["Select the reason for closure"]
    if closure_reason and not case.closed_on:
        errors["closure_reason"] = ["Record the reason for closure once the case is closed"]
    if errors:
        raise ApplicationError("Check the codes", errors)
    with transaction.atomic():
        locked = lock_version(
            Case.objects,
            pk=case.pk,
            expected=version,
            stale="Someone else changed this case while you were recording its codes. "
            "Check them below and record them again.",
        )
        changed: list[str] = []
        enquiry = Enquiry.objects.filter(case=locked).first()
        if contact_source is not None and enquiry and enquiry.contact_source != contact_source:
            Enquiry.objects.filter(pk=enquiry.pk).update(contact_source=contact_source)
            changed.append("contact source")
        if primary_need is not None and locked.cin_primary_need != primary_need:
            locked.cin_primary_need = primary_need
            changed.append("primary need")
        if closure_reason is not None and locked.cin_closure_reason != closure_reason:
            locked.cin_closure_reason = closure_reason
            changed.append("reason for closure")
        if not changed:
            return locked
        save_new_version(locked, update_fields=["cin_primary_need", "cin_closure_reason"])
        case_event_record(
            event=CaseEvent.RETURN_CODES_RECORDED,
            case=locked,
            actor=actor,
            title="Codes for returns recorded",
            description=", ".join(changed),
            at=at,
            reason="codes for returns",
            detail={"changed": changed},
        )
    return locked

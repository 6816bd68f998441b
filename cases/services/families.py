# mypy: disallow-untyped-defs
"""Families and the people in them: creating them, adding a person, and finding a family
that may already be known before another record is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.access import visible_families
from cases.audit import audit_record
from cases.codes import Relationship
from cases.identifiers import (
    validate_nhs_number,
    validate_ni_number,
    validate_postcode,
    validate_upn,
)
from cases.models import Family, HouseholdMember, IdentifierConflict, Person, PersonIdentifier
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from partners.models import FamilyHub, User, Zone
from partners.selectors import hub_for_postcode

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
    if postcode:
        try:
            postcode = validate_postcode(postcode)
        except ValidationError as exc:
            raise ApplicationError("Check the postcode", {"postcode": list(exc.messages)}) from exc
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

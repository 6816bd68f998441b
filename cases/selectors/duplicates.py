# mypy: disallow-untyped-defs
"""The data-quality review of possible duplicate people, for coordinators and managers.

An NHS number, UPN or NI number given for someone (at the front door, or correcting a
record) that is already held by a different person is not attached; the clash is kept
as an `IdentifierConflict`. Coordinators and managers review those of the families
they may see. The other record is named only to a reviewer who may see it; otherwise
it is "someone known in <zone>", so the review never becomes a way round the access
policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from cases.access import visible_cases, visible_families
from cases.models import Case, HouseholdMember, IdentifierConflict, Person, PersonIdentifier
from partners.roles import ZONE_ROLES
from partners.selectors import user_has_oversight_role


@dataclass(frozen=True)
class PossibleDuplicatePerson:
    conflict: IdentifierConflict
    identifier_label: str
    person: Person
    case: Case | None  # the case of the family where the number was given, if visible
    known_person: Person | None  # only when the reviewer may see them
    known_case: Case | None
    known_where: str  # the zone of the other record, when it is not shown


def possible_duplicate_conflicts(*, user: Any) -> QuerySet[IdentifierConflict]:
    """Open clashes in the families the reviewer may see (none without zone oversight)."""
    if not user_has_oversight_role(user=user, roles=ZONE_ROLES):
        return IdentifierConflict.objects.none()
    return IdentifierConflict.objects.filter(
        resolved_at__isnull=True, family__in=visible_families(user)
    )


def possible_duplicate_people(*, user: Any) -> list[PossibleDuplicatePerson]:
    conflicts = list(
        possible_duplicate_conflicts(user=user)
        .select_related("person", "known_person", "family")
        .order_by("recorded_at", "id")
    )
    people = {c.person_id for c in conflicts} | {c.known_person_id for c in conflicts}
    homes: dict[int, HouseholdMember] = {
        m.person_id: m
        for m in HouseholdMember.objects.filter(person_id__in=people, left_on__isnull=True)
        .select_related("family__zone")
        .order_by("joined_on")
    }
    families = {m.family_id for m in homes.values()} | {c.family_id for c in conflicts}
    cases: dict[int, Case] = {}
    for case in visible_cases(user).filter(family_id__in=families).order_by("opened_on", "id"):
        cases[case.family_id] = case  # the latest
    items = []
    for conflict in conflicts:
        home = homes.get(conflict.known_person_id)
        known_case = cases.get(home.family_id) if home else None
        zone = home.family.zone if home and home.family.zone else None
        items.append(
            PossibleDuplicatePerson(
                conflict=conflict,
                identifier_label=PersonIdentifier.Type(conflict.identifier_type).label,
                person=conflict.person,
                case=cases.get(conflict.family_id),
                known_person=conflict.known_person if known_case else None,
                known_case=known_case,
                known_where=f"someone known in {zone.name}" if zone else "someone known",
            )
        )
    return items


def possible_duplicate_for_review(*, user: Any, conflict_id: Any) -> IdentifierConflict | None:
    try:
        pk = int(conflict_id)
    except (TypeError, ValueError):
        return None
    return possible_duplicate_conflicts(user=user).filter(pk=pk).first()

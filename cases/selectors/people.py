"""People the user may see: those living in a household of a case they may see.

A person is reached through their household, never on their own: someone who has left
every household the user may see drops out of view with it, as on the family pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from cases.access import visible_families
from cases.models import HouseholdMember, Person, PersonIdentifier


def visible_people(*, user: Any, family_id: int | None = None) -> QuerySet[Person]:
    """Current members of the households the user may see (of one family, when given),
    with their current identifiers: two queries whatever the number of people."""
    homes = HouseholdMember.objects.filter(
        person=OuterRef("pk"),
        left_on__isnull=True,
        family__in=visible_families(user).values("pk"),
    )
    if family_id is not None:
        homes = homes.filter(family_id=family_id)
    return Person.objects.filter(Exists(homes)).prefetch_related(
        Prefetch(
            "identifiers",
            queryset=PersonIdentifier.objects.filter(valid_until__isnull=True).order_by("type"),
        )
    )


def visible_person(*, user: Any, person_id: Any) -> Person | None:
    """One person the user may see, or None (missing and hidden alike)."""
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        return None
    return visible_people(user=user).filter(pk=pk).first()

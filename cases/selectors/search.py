# mypy: disallow-untyped-defs
"""Finding a family: by name (through the trigram indexes), date of birth, NHS number,
postcode or case reference, among the families the user may see; and a page of the
results read with their households and the cases the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Replace, Upper

from cases.access import visible_cases, visible_families
from cases.identifiers import normalise_nhs_number
from cases.models import (
    Family,
    HouseholdMember,
    Person,
    PersonIdentifier,
)


class _AnyOf(Func):
    """`column = ANY(ARRAY(subquery))`: the sub-query is read once, before the rows.

    As `IN (sub-query)` the planner joins the matches to the whole table and, for a
    common name, guesses so many that it reads every household and every family; as a
    list computed first it looks each match up by its key.
    """

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def _ids_in(column: str, ids: QuerySet[Any]) -> _AnyOf:
    return _AnyOf(F(column), ArraySubquery(ids))


def _families_named(word: str) -> QuerySet[Any]:
    """Ids of the families whose name, or a current member's name, contains the word.

    Each side reads its own trigram indexes (cases migration 0019, on the upper-cased
    names that `icontains` compares), then the two id lists are joined by UNION: an OR
    across the join to the people could only be answered family by family. The people
    found lead to their households through the index of current members by person
    (migration 0020).
    """
    by_family = Family.objects.filter(name__icontains=word).order_by().values("pk")
    people = (
        Person.objects.filter(
            Q(family_name__icontains=word)
            | Q(given_names__icontains=word)
            | Q(preferred_name__icontains=word)
        )
        .values_list("pk")
        .order_by()
    )
    by_member = (
        HouseholdMember.objects.filter(left_on__isnull=True)
        .filter(_ids_in("person_id", people))
        .order_by()
        .values("family_id")
    )
    return by_family.union(by_member)


def family_search(
    *,
    user: Any,
    name: str = "",
    date_of_birth: dt.date | None = None,
    nhs_number: str = "",
    postcode: str = "",
    reference: str = "",
) -> QuerySet[Family]:
    """Families the user may see that match every term given.

    A case reference (EH000041, as the referrer was told to quote it) finds the family of
    that case when the user may see the case itself.
    """
    families = visible_families(user)
    if reference.strip():
        wanted = "".join(reference.split()).upper()
        families = families.filter(
            Exists(visible_cases(user).filter(family_id=OuterRef("pk"), reference=wanted))
        )
    people = Person.objects.filter(
        households__family=OuterRef("pk"), households__left_on__isnull=True
    )
    if name.strip():
        for word in name.split():
            families = families.filter(_ids_in("pk", _families_named(word)))
    if date_of_birth:
        families = families.filter(Exists(people.filter(date_of_birth=date_of_birth)))
    if nhs_number.strip():
        number = normalise_nhs_number(nhs_number)
        families = families.filter(
            Exists(
                people.filter(
                    identifiers__type=PersonIdentifier.Type.NHS_NUMBER, identifiers__value=number
                )
            )
        )
    if postcode.strip():
        compact = "".join(ch for ch in postcode.upper() if ch.isalnum())
        families = families.annotate(
            compact_postcode=Replace(Upper("postcode"), Value(" "), Value(""))
        ).filter(compact_postcode__startswith=compact)
    return families.select_related("zone", "family_hub").order_by("name", "id")


def _with_households_and_cases(user: Any, families: QuerySet[Family]) -> QuerySet[Family]:
    """`family.current_members` and `family.visible_case_list` prefetched: two queries
    whatever the number of families."""
    return families.prefetch_related(
        Prefetch(
            "members",
            queryset=HouseholdMember.objects.filter(left_on__isnull=True)
            .select_related("person")
            .order_by("person__date_of_birth", "id"),
            to_attr="current_members",
        ),
        Prefetch(
            "cases",
            queryset=visible_cases(user)
            .select_related("lead_agency", "lead_practitioner")
            .order_by("-opened_on", "-id"),
            to_attr="visible_case_list",
        ),
    )


def family_search_results(*, user: Any, **terms: Any) -> QuerySet[Family]:
    """family_search (same terms), with each family's current household and the cases
    the user may see."""
    return _with_households_and_cases(user, family_search(user=user, **terms))


def family_search_ids(*, user: Any, **terms: Any) -> list[int]:
    """The ids of the families family_search (same terms) finds, in its order (by name).

    Read once, they are both the number of results and every page of them, so a page of
    results runs the search (the name matches, each match's access check) once, not once
    to count the results and again for the page. `family_results` reads a page of them.
    """
    return list(family_search(user=user, **terms).values_list("pk", flat=True))


def family_results(*, user: Any, ids: list[int]) -> list[Family]:
    """The families of `ids` (a page of family_search_ids) in that order, each with its
    current household and the cases the user may see: three queries however many.

    Read through visible_families, so an id of a family the user may not see finds
    nothing, whoever passes it.
    """
    families = visible_families(user).filter(pk__in=ids).select_related("zone", "family_hub")
    found = {family.pk: family for family in _with_households_and_cases(user, families)}
    return [found[pk] for pk in ids if pk in found]

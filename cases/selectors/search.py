# mypy: disallow-untyped-defs
"""Finding a family: by name (through the trigram index of family names), date of
birth, NHS number, postcode or case reference, among the families the user may see; and
a page of the results read with their households and the cases the user may see."""

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
    QuerySet,
    Value,
)
from django.db.models.functions import Replace, Upper

from cases.access import visible_cases, visible_families
from cases.identifiers import normalise_nhs_number
from cases.models import (
    Case,
    Family,
    FamilyNames,
    HouseholdMember,
    Person,
    PersonIdentifier,
)


class _AnyOf(Func):
    """`column = ANY(ARRAY(subquery))`: the sub-query is read once, before the rows.

    As `IN (sub-query)` the planner hashes the matches and, for a common name, reads
    the whole families table to join them (44 ms against 15 ms for "James" at 100,000
    families); as a list computed first it looks each match up by its key.
    """

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def _ids_in(column: str, ids: QuerySet[Any]) -> _AnyOf:
    return _AnyOf(F(column), ArraySubquery(ids))


def _families_named(words: list[str]) -> QuerySet[Any]:
    """Ids of the families in whose name, or a current member's name, each word appears.

    One trigram index over one row of names per family (`FamilyNames`, which the
    database keeps as families, households and names change) answers every word: each
    word may be in a different person's name, as "Khan Aisha" finds the Khan family
    with Aisha in it.
    """
    names = FamilyNames.objects.all()
    for word in words:
        names = names.filter(names__icontains=word)
    return names.order_by().values("family_id")


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
        families = families.filter(_ids_in("pk", _families_named(name.split())))
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


def _current_members() -> Prefetch:
    """`family.current_members`, each with their person, youngest last: one query."""
    return Prefetch(
        "members",
        queryset=HouseholdMember.objects.filter(left_on__isnull=True)
        .select_related("person")
        .order_by("person__date_of_birth", "id"),
        to_attr="current_members",
    )


def _with_households_and_cases(user: Any, families: QuerySet[Family]) -> QuerySet[Family]:
    """`family.current_members` and `family.visible_case_list` prefetched: two queries
    whatever the number of families."""
    return families.prefetch_related(
        _current_members(),
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

    The cases the user may see are read first, and a family is found only through one
    of them, as `visible_families` finds it: an id of a family the user may not see finds
    nothing, whoever passes it. Reading the cases first checks access once for the page,
    not once for the families and again for their cases (each check is a dozen
    sub-queries for Django to build).
    """
    cases_of: dict[int, list[Case]] = {}
    cases = (
        visible_cases(user)
        .filter(family_id__in=ids)
        .select_related("lead_practitioner")
        .order_by("-opened_on", "-id")
    )
    for case in cases:
        cases_of.setdefault(case.family_id, []).append(case)
    families = Family.objects.filter(pk__in=list(cases_of)).prefetch_related(_current_members())
    found: dict[int, Family] = {}
    for family in families:
        family.visible_case_list = cases_of[family.pk]  # type: ignore[attr-defined]
        found[family.pk] = family
    return [found[pk] for pk in ids if pk in found]

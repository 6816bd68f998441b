"""Matching rows of a data set to people the service knows.

1. Identifiers first: a current NHS number or UPN that equals the row's is a match.
2. Otherwise details, with a score from 0 to 1:
   family name 0.35 (0.25 if nearly the same: a typo, a hyphen dropped), first given
   name 0.25 (0.15 if nearly the same), date of birth 0.30 (0.15 if day and month are
   swapped or one part differs), postcode of their household 0.10 (0.05 for the same
   district).
   - every detail the same (1.00) is a match;
   - from 0.60 up to that is uncertain: the row waits on the review page with its
     candidates, for a coordinator to confirm one or none;
   - below 0.60 the person is not known to the service.

A row is only ever linked to a person: people are never created or merged here.
Candidates are read for the whole file at once (by identifier, by date of birth and
by family name), so a file costs a handful of queries whatever its length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from django.db.models import Q

from cases.identified.models import MatchMethod, MatchStatus
from cases.identified.parsing import ParsedRow
from cases.models import Family, HouseholdMember, Person, PersonIdentifier

CERTAIN = Decimal("1.00")
UNCERTAIN_FROM = Decimal("0.60")
MAX_CANDIDATES = 3


@dataclass
class Candidate:
    person: Person
    family: Family | None
    score: Decimal
    why: list[str] = field(default_factory=list)


@dataclass
class Match:
    status: MatchStatus
    method: str = ""
    score: Decimal | None = None
    person: Person | None = None
    family: Family | None = None
    candidates: list[Candidate] = field(default_factory=list)


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def _near(a: str, b: str) -> bool:
    return bool(a and b) and SequenceMatcher(None, a, b).ratio() >= 0.8


def _dob_score(a: dt.date | None, b: dt.date | None) -> tuple[Decimal, str]:
    if a is None or b is None:
        return Decimal("0"), ""
    if a == b:
        return Decimal("0.30"), "date of birth"
    swapped = a.day <= 12 and a.month <= 31 and (a.day, a.month) == (b.month, b.day)
    parts_same = sum((a.year == b.year, a.month == b.month, a.day == b.day))
    if (swapped and a.year == b.year) or parts_same == 2:
        return Decimal("0.15"), "date of birth nearly"
    return Decimal("0"), ""


def _district(postcode: str) -> str:
    return postcode.split(" ")[0] if " " in postcode else postcode[:-3].strip()


def score(row: ParsedRow, person: Person, postcode: str) -> tuple[Decimal, list[str]]:
    """How alike a row and a person are (see the module's docstring), and why."""
    total = Decimal("0")
    why: list[str] = []
    row_family, family = _norm(row.family_name), _norm(person.family_name)
    if row_family and row_family == family:
        total += Decimal("0.35")
        why.append("family name")
    elif _near(row_family, family):
        total += Decimal("0.25")
        why.append("family name nearly")
    row_given = _norm(row.given_names.split(" ")[0]) if row.given_names else ""
    given = _norm(person.given_names.split(" ")[0]) if person.given_names else ""
    if row_given and row_given == given:
        total += Decimal("0.25")
        why.append("given name")
    elif _near(row_given, given):
        total += Decimal("0.15")
        why.append("given name nearly")
    points, said = _dob_score(row.date_of_birth, person.date_of_birth)
    total += points
    if said:
        why.append(said)
    row_postcode = row.postcode.replace(" ", "")
    known = postcode.upper().replace(" ", "")
    if row_postcode and known and row_postcode == known:
        total += Decimal("0.10")
        why.append("postcode")
    elif row.postcode and postcode and _district(row.postcode) == _district(postcode.upper()):
        total += Decimal("0.05")
        why.append("postcode district")
    return total, why


@dataclass
class _Known:
    """Everything the file's rows might match, read once."""

    by_identifier: dict[tuple[str, str], Person]
    by_dob: dict[dt.date, list[Person]]
    by_family_name: dict[str, list[Person]]
    family_of: dict[int, Family]


def _read_known(rows: Sequence[ParsedRow]) -> _Known:
    nhs = {r.nhs_number for r in rows if r.nhs_number}
    upns = {r.upn for r in rows if r.upn}
    identifiers = PersonIdentifier.objects.filter(valid_until__isnull=True).filter(
        Q(type=PersonIdentifier.Type.NHS_NUMBER, value__in=nhs)
        | Q(type=PersonIdentifier.Type.UPN, value__in=upns)
    )
    by_identifier = {(i.type, i.value): i.person for i in identifiers.select_related("person")}
    dobs = {r.date_of_birth for r in rows if r.date_of_birth}
    names = {r.family_name.strip() for r in rows if r.family_name.strip()}
    name_q = Q(pk__in=[])
    for name in names:
        name_q |= Q(family_name__iexact=name)
    people = list(Person.objects.filter(Q(date_of_birth__in=dobs) | name_q).distinct())
    by_dob: dict[dt.date, list[Person]] = {}
    by_family_name: dict[str, list[Person]] = {}
    for person in people:
        if person.date_of_birth:
            by_dob.setdefault(person.date_of_birth, []).append(person)
        by_family_name.setdefault(_norm(person.family_name), []).append(person)
    person_ids = {p.pk for p in people} | {p.pk for p in by_identifier.values()}
    family_of: dict[int, Family] = {}
    memberships = (
        HouseholdMember.objects.filter(person_id__in=person_ids, left_on__isnull=True)
        .select_related("family")
        .order_by("person_id", "joined_on", "id")
    )
    for membership in memberships:  # the latest household a person joined wins
        family_of[membership.person_id] = membership.family
    return _Known(by_identifier, by_dob, by_family_name, family_of)


def _candidates(row: ParsedRow, known: _Known) -> Iterable[Person]:
    seen: set[int] = set()
    pools = []
    if row.date_of_birth:
        pools.append(known.by_dob.get(row.date_of_birth, []))
    if row.family_name:
        pools.append(known.by_family_name.get(_norm(row.family_name), []))
    for pool in pools:
        for person in pool:
            if person.pk not in seen:
                seen.add(person.pk)
                yield person


def match_rows(rows: Sequence[ParsedRow]) -> list[Match]:
    """A match for each row, in order (see the module's docstring)."""
    known = _read_known(rows)
    found: list[Match] = []
    for row in rows:
        person = None
        method = ""
        if row.nhs_number:
            person = known.by_identifier.get((PersonIdentifier.Type.NHS_NUMBER, row.nhs_number))
            method = MatchMethod.NHS_NUMBER
        if person is None and row.upn:
            person = known.by_identifier.get((PersonIdentifier.Type.UPN, row.upn))
            method = MatchMethod.UPN
        if person is not None:
            found.append(
                Match(
                    status=MatchStatus.MATCHED,
                    method=method,
                    score=CERTAIN,
                    person=person,
                    family=known.family_of.get(person.pk),
                )
            )
            continue
        scored = []
        for candidate in _candidates(row, known):
            family = known.family_of.get(candidate.pk)
            points, why = score(row, candidate, family.postcode if family else "")
            if points >= UNCERTAIN_FROM:
                scored.append(Candidate(candidate, family, points, why))
        scored.sort(key=lambda c: (-c.score, c.person.pk))
        if (
            scored
            and scored[0].score >= CERTAIN
            and (len(scored) == 1 or scored[1].score < CERTAIN)
        ):
            best = scored[0]
            found.append(
                Match(
                    status=MatchStatus.MATCHED,
                    method=MatchMethod.DETAILS,
                    score=best.score,
                    person=best.person,
                    family=best.family,
                )
            )
        elif scored:
            found.append(
                Match(
                    status=MatchStatus.TO_REVIEW,
                    score=scored[0].score,
                    family=None,
                    candidates=scored[:MAX_CANDIDATES],
                )
            )
        else:
            found.append(Match(status=MatchStatus.NOT_KNOWN))
    return found

"""Everything held about a person or a family's record, found by walking the data model.

Subject access and retention need the same answer — which rows belong to this person's
record — and it must stay complete as the apps grow. So it is not a hand-kept list:
starting from the person (or a family), it follows every foreign key that points *into*
rows already found (a case's notes, a plan's actions, an assessment's sections), through
every installed app, until nothing new turns up. Reference data (agencies, frameworks)
is never reached because nothing is followed *out of* a row. What is left out, and why,
is in SKIPPED_MODELS. Rows that no foreign key reaches (files on disk, say) can join
through `register_source`: the case documents will.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

from cases.models import Case, Family, HouseholdMember, Person

# Models reached by a foreign key that are not the person's record:
# - the audit log is reported separately (who viewed the cases) and blanked, never edited;
# - field history (pghistory events) goes with its row (retention deletes it);
# - this app's own requests about the person, and the restriction, are the officer's
#   working records, not the care record;
# - exports are the staff's own files, which expire within a day;
# - a family's search names are copied by the database from the family's and its
#   people's names, and rewritten from them when they change or are anonymised.
SKIPPED_MODELS = {
    "cases.AuditEntry",
    "cases.AuditCheckpoint",
    "cases.FamilyNames",
    "cases.PersonRestriction",
    "governance.SubjectAccessRequest",
    "governance.SarRedaction",
    "governance.RetentionDue",
    "governance.LegalHold",
    "governance.RightsRequest",
}

MAX_DEPTH = 6


@dataclass
class Holdings:
    """The rows of a record, by model, in the order they were found."""

    people: list[Person]
    families: list[Family]
    cases: list[Case]
    rows: dict[type[models.Model], list[Any]] = field(default_factory=dict)

    def ids(self, model: type[models.Model]) -> set[Any]:
        return {row.pk for row in self.rows.get(model, [])}

    def all_rows(self) -> Iterable[models.Model]:
        for found in self.rows.values():
            yield from found


# Sources that no foreign key reaches: each takes the holdings and adds rows.
Source = Callable[[Holdings], None]
_SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    """Let another part of the system add what it holds (documents, files on disk)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def is_history_model(model: type[models.Model]) -> bool:
    return hasattr(model, "pgh_obj") or model._meta.app_label == "pghistory"


def _candidate_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.label not in SKIPPED_MODELS
        and not is_history_model(m)
        and not m._meta.proxy
        and m._meta.managed
    ]


def walk(holdings: Holdings) -> None:
    """Follow foreign keys into the rows found so far until nothing new is found."""
    found: dict[type[models.Model], dict[Any, models.Model]] = {
        model: {row.pk: row for row in rows} for model, rows in holdings.rows.items()
    }
    frontier = {model: set(rows) for model, rows in found.items()}
    candidates = _candidate_models()
    for _ in range(MAX_DEPTH):
        new: dict[type[models.Model], set[Any]] = {}
        for model in candidates:
            for fk in model._meta.concrete_fields:
                if not fk.is_relation or not (fk.many_to_one or fk.one_to_one):
                    continue
                target = fk.related_model
                ids = frontier.get(target)  # type: ignore[arg-type]
                if not ids:
                    continue
                known = found.setdefault(model, {})
                for row in model._default_manager.filter(**{f"{fk.name}_id__in": ids}).exclude(
                    pk__in=list(known)
                ):
                    known[row.pk] = row
                    new.setdefault(model, set()).add(row.pk)
        if not new:
            break
        frontier = new
    holdings.rows = {model: list(rows.values()) for model, rows in found.items() if rows}


def person_holdings(person: Person) -> Holdings:
    """Everything held about one person: their own rows, every household they have been
    in, and every case of those households with all that hangs from it."""
    family_ids = set(
        HouseholdMember.objects.filter(person=person).values_list("family_id", flat=True)
    )
    families = list(Family.objects.filter(pk__in=family_ids).order_by("pk"))
    cases = list(Case.objects.filter(family_id__in=family_ids).order_by("opened_on", "pk"))
    holdings = Holdings(
        people=[person],
        families=families,
        cases=cases,
        rows={Person: [person], Family: list(families), Case: list(cases)},
    )
    walk(holdings)
    for source in _SOURCES:
        source(holdings)
    return holdings


def family_holdings(family: Family) -> Holdings:
    """A family's whole record: the family, its cases and all that hangs from them, and
    the people of its household (their own rows only if they belong to no other
    household, which keeps its own record)."""
    members = list(Person.objects.filter(households__family=family).distinct().order_by("pk"))
    others = set(
        HouseholdMember.objects.filter(person__in=members)
        .exclude(family=family)
        .values_list("person_id", flat=True)
    )
    own_people = [p for p in members if p.pk not in others]
    cases = list(Case.objects.filter(family=family).order_by("pk"))
    holdings = Holdings(
        people=own_people,
        families=[family],
        cases=cases,
        rows={Person: own_people, Family: [family], Case: cases},
    )
    walk(holdings)
    for source in _SOURCES:
        source(holdings)
    return holdings


def own_holdings(person: Person) -> Holdings:
    """A person's own rows only (identifiers, household places, what names them), not
    their families' records: what erasure of one person reaches."""
    holdings = Holdings(people=[person], families=[], cases=[], rows={Person: [person]})
    walk(holdings)
    for source in _SOURCES:
        source(holdings)
    return holdings

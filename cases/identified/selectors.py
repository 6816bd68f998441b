"""Reads about families identified in data, already scoped to the reader (access.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from cases.identified import access
from cases.identified.kinds import FACTS, DataSetKind
from cases.identified.models import DataRow, DataSet, IdentifiedFamily, MatchStatus, Review
from cases.models import Family, Person


@dataclass(frozen=True)
class Indicator:
    """One matched row, as the list and the agenda show it: what, from where, when, who."""

    kind: str
    label: str
    data_set: str
    event_on: dt.date
    detail: str
    person: str
    method: str

    @property
    def summary(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return (
            f"{self.label}{detail}, {self.person}, {self.event_on:%-d %B %Y}, "
            f"from {DataSetKind(self.kind).label.lower()}"
        )


def indicators_of(*, family_ids: Iterable[int]) -> dict[int, list[Indicator]]:
    """Family id -> its indicators, newest first (one query for any number of families)."""
    rows = (
        DataRow.objects.filter(family_id__in=list(family_ids), status=MatchStatus.MATCHED)
        .select_related("data_set", "person")
        .order_by("family_id", "-event_on", "id")
    )
    found: dict[int, list[Indicator]] = {}
    for row in rows:
        if row.family_id is None:
            continue
        found.setdefault(row.family_id, []).append(
            Indicator(
                kind=row.data_set.kind,
                label=FACTS[row.data_set.kind].indicator,
                data_set=row.data_set.file_name,
                event_on=row.event_on,
                detail=row.detail,
                person=row.person.full_name if row.person else row.name,
                method=row.get_method_display(),
            )
        )
    return found


def identified_list(
    *, user: Any, review: str | None = None, kind: str | None = None
) -> QuerySet[IdentifiedFamily]:
    """The reader's identified families, with counts of indicators and data sets, the
    newest indicator first."""
    matched = Q(family__identified_rows__status=MatchStatus.MATCHED)
    found = access.visible_identified(user=user).select_related(
        "family", "family__zone", "family__family_hub", "case", "decided_by"
    )
    if review:
        found = found.filter(review=review)
    if kind:
        found = found.filter(
            family__identified_rows__status=MatchStatus.MATCHED,
            family__identified_rows__data_set__kind=kind,
        ).distinct()
    return found.annotate(
        indicator_count=Count("family__identified_rows", filter=matched, distinct=True),
        data_set_count=Count(
            "family__identified_rows__data_set__kind", filter=matched, distinct=True
        ),
        latest=Max("family__identified_rows__event_on", filter=matched),
    ).order_by("-data_set_count", "-indicator_count", "-latest", "pk")


def identified_family(*, user: Any, identified_id: Any) -> IdentifiedFamily | None:
    try:
        pk = int(identified_id)
    except (TypeError, ValueError):
        return None
    return (
        access.visible_identified(user=user)
        .select_related("family", "family__zone", "family__family_hub", "case", "decided_by")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ReviewCandidate:
    person: Person
    family: Family | None
    score: str
    why: list[str]


def rows_to_review(*, user: Any) -> QuerySet[DataRow]:
    return (
        access.visible_rows(user=user)
        .filter(status=MatchStatus.TO_REVIEW)
        .select_related("data_set")
        .order_by("data_set__imported_at", "data_set_id", "line")
    )


def candidates_of(rows: Iterable[DataRow]) -> dict[int, list[ReviewCandidate]]:
    """Row id -> its candidates with their people and families (two queries)."""
    rows = list(rows)
    person_ids = {c["person"] for r in rows for c in r.candidates}
    family_ids = {c["family"] for r in rows for c in r.candidates if c.get("family")}
    people = Person.objects.in_bulk(person_ids)
    families = Family.objects.in_bulk(family_ids)
    return {
        row.pk: [
            ReviewCandidate(
                person=people[c["person"]],
                family=families.get(c.get("family")),
                score=c["score"],
                why=list(c.get("why", [])),
            )
            for c in row.candidates
            if c["person"] in people
        ]
        for row in rows
    }


def data_sets() -> QuerySet[DataSet]:
    return DataSet.objects.select_related("imported_by", "supplied_by").annotate(
        matched=Count("rows", filter=Q(rows__status=MatchStatus.MATCHED)),
        to_review=Count("rows", filter=Q(rows__status=MatchStatus.TO_REVIEW)),
    ).order_by("-imported_at", "-id")  # an aggregate drops Meta.ordering; paging needs one


def review_counts(*, user: Any) -> dict[str, int]:
    counts = dict(
        access.visible_identified(user=user)
        .values_list("review")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {value: counts.get(value, 0) for value in Review.values}

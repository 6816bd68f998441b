"""Standardised measure readings of a case and their change, and the household they cover."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessments.models import MeasureReading, MeasureType
from cases.models import Case, Person
from cases.selectors import household


def measure_readings(*, case: Case) -> list[MeasureReading]:
    return list(
        MeasureReading.objects.filter(case=case)
        .select_related("measure", "person", "recorded_by")
        .order_by("measure__name", "person__given_names", "taken_on", "id")
    )


@dataclass(frozen=True)
class MeasureChange:
    measure: MeasureType
    person: Person
    first: MeasureReading
    latest: MeasureReading

    @property
    def change(self) -> int:
        return self.latest.score - self.first.score

    @property
    def improved(self) -> bool:
        if self.change == 0:
            return False
        return (self.change > 0) == self.measure.higher_is_better


def measure_changes(readings: Sequence[MeasureReading]) -> list[MeasureChange]:
    """Before against after for each person and measure with two or more readings."""
    grouped: dict[tuple[int, int], list[MeasureReading]] = {}
    for reading in readings:
        grouped.setdefault((reading.measure_id, reading.person_id), []).append(reading)
    changes = []
    for rows in grouped.values():
        if len(rows) >= 2:
            ordered = sorted(rows, key=lambda r: (r.taken_on, r.pk))
            changes.append(
                MeasureChange(ordered[0].measure, ordered[0].person, ordered[0], ordered[-1])
            )
    return changes


def household_people(*, case: Case) -> list[Person]:
    return [hm.person for hm in household(family=case.family)]

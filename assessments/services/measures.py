# mypy: disallow-untyped-defs
"""Standardised measures, which partners delivering a programme may record too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from assessments.events import AssessmentEvent
from assessments.models import MeasureOccasion, MeasureReading, MeasureType
from assessments.services.rules import _noon
from assessments.services.star import _check_date
from cases.access import Action, require
from cases.events import case_event_record
from cases.models import Case, HouseholdMember, Person
from earlyhelp.errors import ApplicationError
from partners.models import User


def measure_reading_record(
    *,
    actor: User,
    case: Case,
    measure: MeasureType,
    person: Person | None,
    score: Any,
    taken_on: dt.date | None,
    occasion: str,
    note: str = "",
) -> MeasureReading:
    """Record a standardised measure (e.g. an SDQ total difficulties score) for a person."""
    require(actor, Action.ADD_NOTE, case)
    errors: dict[str, list[str]] = {}
    if not measure.is_active:
        errors["measure"] = ["Select a measure"]
    try:
        value = int(score) if score not in (None, "") else None
    except (TypeError, ValueError):
        value = None
        errors["score"] = [
            f"Score must be a whole number from {measure.min_score} to {measure.max_score}"
        ]
    if value is None and "score" not in errors:
        errors["score"] = ["Enter the score"]
    elif value is not None and not measure.min_score <= value <= measure.max_score:
        errors["score"] = [
            f"Score must be a whole number from {measure.min_score} to {measure.max_score}"
        ]
    if (
        person is None
        or not HouseholdMember.objects.filter(family_id=case.family_id, person=person).exists()
    ):
        errors["person"] = ["Select who the score is for"]
    if occasion not in MeasureOccasion.values:
        errors["occasion"] = ["Select when the measure was taken"]
    _check_date(errors, "taken_on", "Date of the measure", taken_on, case)
    if errors:
        raise ApplicationError("Check the measure", errors)
    if taken_on is None or value is None or person is None:  # refused above; narrows types
        raise ApplicationError("Check the measure")
    with transaction.atomic():
        reading = MeasureReading.objects.create(
            case=case,
            measure=measure,
            person=person,
            score=value,
            taken_on=taken_on,
            occasion=occasion,
            note=note.strip(),
            recorded_by=actor,
        )
        case_event_record(
            event=AssessmentEvent.MEASURE_READING,
            case=case,
            actor=actor,
            obj=reading,
            title=f"{measure} recorded for {person.full_name}: {value}",
            description=note.strip()[:300],
            at=_noon(taken_on),
        )
    return reading

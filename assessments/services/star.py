# mypy: disallow-untyped-defs
"""Outcome Star readings: joint, worker only, or where the family and the worker disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessments.events import AssessmentEvent
from assessments.models import (
    CONFIRMED_KINDS,
    ReadingKind,
    ReadingOccasion,
    StarReading,
    StarScore,
    StarType,
)
from assessments.services.rules import READING_STATES, _noon
from cases.access import Action, require
from cases.events import case_event_record
from cases.models import Case, HouseholdMember, Person
from earlyhelp.errors import ApplicationError
from partners.models import User

JOINT = "joint"
WORKER_ONLY = "worker_only"
DISAGREE = "disagree"
READING_WAYS = (JOINT, WORKER_ONLY, DISAGREE)


def _check_date(
    errors: dict[str, list[str]], name: str, label: str, on: dt.date | None, case: Case
) -> None:
    if on is None:
        errors[name] = [f"Enter the {label.lower()}"]
    elif on > timezone.localdate():
        errors[name] = [f"{label} must be today or in the past"]
    elif on < case.opened_on:
        errors[name] = [
            f"{label} must be on or after {case.opened_on.day} {case.opened_on:%B %Y}, "
            "when the case was opened"
        ]
    elif case.closed_on and on > case.closed_on:
        errors[name] = [f"{label} must be before the case was closed"]


def _check_scores(
    errors: dict[str, list[str]],
    prefix: str,
    star_type: StarType,
    scales: Sequence[Any],
    scores: Mapping[int, Any],
    whose: str,
) -> dict[int, int]:
    checked: dict[int, int] = {}
    for scale in scales:
        raw = scores.get(scale.pk)
        name = f"{prefix}{scale.pk}"
        value: int | None = None
        if raw is not None and str(raw).strip() != "":
            try:
                value = int(str(raw).strip())
            except ValueError:
                value = -1
        if value is None:
            errors[name] = [f"Enter {whose} score for {scale.name}"]
        elif not 1 <= value <= star_type.max_value:
            errors[name] = [
                f"{whose.capitalize()} score for {scale.name} must be a whole number "
                f"from 1 to {star_type.max_value}"
            ]
        else:
            checked[scale.pk] = value
    return checked


def star_reading_record(
    *,
    actor: User,
    case: Case,
    star_type: StarType,
    taken_on: dt.date | None,
    occasion: str,
    way: str,
    scores: Mapping[int, Any],
    notes: Mapping[int, str] | None = None,
    family_scores: Mapping[int, Any] | None = None,
    family_notes: Mapping[int, str] | None = None,
    present: Sequence[Person] = (),
    others_present: str = "",
    note: str = "",
) -> StarReading:
    """Record a reading: with the family, by the worker alone, or both views when they disagree.

    `way` is "joint", "worker_only" or "disagree". A disagreement is recorded as two
    readings, the worker's (which counts in reports) and the family's (which does
    not), linked to each other. Returns the reading that counts.
    """
    require(actor, Action.WORK, case)
    errors: dict[str, list[str]] = {}
    if not star_type.is_active:
        errors["star_type"] = ["Select a star"]
    if occasion not in ReadingOccasion.values:
        errors["occasion"] = ["Select when the reading was taken: start, review or closure"]
    if way not in READING_WAYS:
        errors["way"] = ["Select who took part in the reading"]
    _check_date(errors, "taken_on", "Date of the reading", taken_on, case)
    if case.state not in READING_STATES:
        errors["__all__"] = ["Readings can be recorded once the case is allocated"]
    scales = list(star_type.scales.order_by("number"))
    checked = _check_scores(errors, "score_", star_type, scales, scores, "the")
    family_checked: dict[int, int] = {}
    if way == DISAGREE:
        family_checked = _check_scores(
            errors, "family_score_", star_type, scales, family_scores or {}, "the family's"
        )
    household_ids = set(
        HouseholdMember.objects.filter(family_id=case.family_id).values_list("person_id", flat=True)
    )
    if any(p.pk not in household_ids for p in present):
        errors["present"] = ["Select family members from the household"]
    if way == JOINT and not present:
        errors["present"] = ["Select the family members who took part"]
    if errors:
        raise ApplicationError("Check the reading", errors)
    if taken_on is None:  # already refused above; narrows the type
        raise ApplicationError("Enter the date of the reading")
    notes = notes or {}
    family_notes = family_notes or {}
    kind = {
        JOINT: ReadingKind.JOINT,
        WORKER_ONLY: ReadingKind.WORKER_ONLY,
        DISAGREE: ReadingKind.WORKER_VIEW,
    }[way]
    with transaction.atomic():
        reading = _reading_create(
            case, star_type, taken_on, occasion, kind, actor, present, others_present, note
        )
        _scores_create(reading, checked, notes)
        if way == DISAGREE:
            family = _reading_create(
                case,
                star_type,
                taken_on,
                occasion,
                ReadingKind.FAMILY_VIEW,
                actor,
                present,
                others_present,
                note,
            )
            _scores_create(family, family_checked, family_notes)
            family.paired_with = reading
            family.save(update_fields=["paired_with"])
        label = ReadingOccasion(occasion).label.lower()
        how = {
            JOINT: "with the family",
            WORKER_ONLY: "by the worker only",
            DISAGREE: "worker's and family's views recorded",
        }[way]
        case_event_record(
            event=AssessmentEvent.STAR_READING,
            case=case,
            actor=actor,
            obj=reading,
            title=f"{star_type.name} reading recorded ({label}, {how})",
            description=note.strip()[:300],
            url=f"/cases/{case.pk}/outcome-star/{reading.pk}/",
            at=_noon(taken_on),
            detail={"way": way, "occasion": occasion},
        )
    return reading


def _reading_create(
    case: Case,
    star_type: StarType,
    taken_on: dt.date,
    occasion: str,
    kind: str,
    actor: User,
    present: Sequence[Person],
    others_present: str,
    note: str,
) -> StarReading:
    reading = StarReading.objects.create(
        case=case,
        star_type=star_type,
        taken_on=taken_on,
        occasion=occasion,
        kind=kind,
        counts_in_reports=kind in CONFIRMED_KINDS,
        others_present=others_present.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    if present:
        reading.present.set(present)
    return reading


def _scores_create(
    reading: StarReading, values: Mapping[int, int], notes: Mapping[int, str]
) -> None:
    StarScore.objects.bulk_create(
        StarScore(
            reading=reading,
            scale_id=scale_id,
            value=value,
            note=str(notes.get(scale_id, "")).strip(),
        )
        for scale_id, value in values.items()
    )

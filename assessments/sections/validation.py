"""The rules for the answers of a section: cleaning, required fields, dates, consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from assessments.sections.definitions import SectionContext
from assessments.sections.shapes import BOOL, CHOICE, DATE, SELF_CONSENT_AGE, Kind, SectionDef


def _is_empty(value: Any) -> bool:
    return value in (None, "", False) or (isinstance(value, str) and not value.strip())


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def clean_values(section: SectionDef, values: Mapping[str, Any]) -> dict[str, Any]:
    """Keep only the section's fields, stored in their JSON shapes."""
    cleaned: dict[str, Any] = {}
    for f in section.fields:
        value = values.get(f.name)
        if f.kind == BOOL:
            cleaned[f.name] = bool(value) and str(value).lower() not in ("false", "0", "off")
        elif f.kind == DATE:
            date = parse_date(value)
            cleaned[f.name] = date.isoformat() if date else ""
        else:
            cleaned[f.name] = "" if value is None else str(value).strip()
    return cleaned


def validate(
    section: SectionDef,
    values: Mapping[str, Any],
    *,
    complete: bool,
    context: SectionContext,
    opened_on: dt.date | None = None,
) -> dict[str, list[str]]:
    """Field -> messages. Rules about content always apply; missing answers only count
    when the section is being marked as completed."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for f in section.fields:
        value = values.get(f.name)
        # A child under 13 "for themselves" is explained by _validate_consent.
        self_consent = section.kind == Kind.CONSENT and value == "self"
        if (
            f.kind == CHOICE
            and not _is_empty(value)
            and value not in {c for c, _ in f.choices}
            and not self_consent
        ):
            add(f.name, f.missing_message)
        if f.kind == DATE and not _is_empty(value):
            date = parse_date(value)
            if date is None:
                add(f.name, f"{f.label} must be a real date")
            elif date > today:
                add(f.name, f"{f.label} must be today or in the past")
        if complete and f.required and _is_empty(value):
            add(f.name, f.missing_message)

    if section.kind == Kind.CONSENT:
        _validate_consent(values, context, complete=complete, add=add, today=today)
    if section.kind == Kind.PROBLEMS:
        for h in context.headlines:
            if values.get(f"p{h.id}") and complete:
                if _is_empty(values.get(f"p{h.id}_evidence")):
                    add(f"p{h.id}_evidence", f"Enter the evidence for '{h.name}'")
                if _is_empty(values.get(f"p{h.id}_identified_on")):
                    add(f"p{h.id}_identified_on", f"Enter the date '{h.name}' was identified")
    return errors


def _validate_consent(
    values: Mapping[str, Any],
    context: SectionContext,
    *,
    complete: bool,
    add: Any,
    today: dt.date,
) -> None:
    adults = {m.person_id for m in context.members if not m.is_child}
    for m in context.members:
        if m.is_unborn:
            continue
        prefix = f"c{m.person_id}"
        decision = values.get(f"{prefix}_decision")
        given_by = values.get(f"{prefix}_given_by")
        if given_by == "self" and m.is_child:
            age = m.age_on(today)
            if age is None or age < SELF_CONSENT_AGE:
                add(
                    f"{prefix}_given_by",
                    f"{m.name} is under {SELF_CONSENT_AGE}: select the parent or carer "
                    "who gave consent",
                )
        elif (
            given_by
            and given_by != "self"
            and (not str(given_by).isdigit() or int(given_by) not in adults)
        ):
            add(f"{prefix}_given_by", f"Select who gave or refused consent for {m.name}")
        if complete and decision in ("given", "refused"):
            if _is_empty(given_by):
                add(f"{prefix}_given_by", f"Select who gave or refused consent for {m.name}")
            if _is_empty(values.get(f"{prefix}_method")):
                add(f"{prefix}_method", f"Select how {m.name}'s consent was given")
            if _is_empty(values.get(f"{prefix}_date")):
                add(f"{prefix}_date", f"Enter the date of {m.name}'s decision")

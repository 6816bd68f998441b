"""Showing the answers of a section: on check your answers, the read-only view and the PDF."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assessments.sections.definitions import SectionContext
from assessments.sections.fields import Headline
from assessments.sections.shapes import BOOL, CHOICE, DATE, FieldDef, Kind, SectionDef
from assessments.sections.validation import _is_empty, parse_date


def display(f: FieldDef, value: Any, context: SectionContext | None = None) -> str:
    """An answer as the check-your-answers page shows it."""
    if f.kind == BOOL:
        return "Yes" if value else "No"
    if _is_empty(value):
        return ""
    if f.kind == DATE:
        date = parse_date(value)
        return f"{date.day} {date:%B %Y}" if date else str(value)
    if f.kind == CHOICE:
        label = dict(f.choices).get(str(value))
        if label is None and context is not None and str(value).isdigit():
            member = context.member(int(value))
            label = member.name if member else None
        return label or str(value)
    return str(value)


@dataclass(frozen=True)
class Answer:
    field: FieldDef
    value: Any
    text: str


def answers(
    section: SectionDef, values: Mapping[str, Any], context: SectionContext
) -> list[Answer]:
    """The answered fields of a section (skipping unticked problems and their blanks)."""
    shown: list[Answer] = []
    ticked_problems = {
        name for name in section.field_names if section.kind == Kind.PROBLEMS and values.get(name)
    }
    for f in section.fields:
        value = values.get(f.name)
        if section.kind == Kind.PROBLEMS:
            root = f.name.split("_")[0]
            if root not in ticked_problems:
                continue
        shown.append(Answer(f, value, display(f, value, context)))
    return shown


def ticked_headline_ids(values: Mapping[str, Any], headlines: Iterable[Headline]) -> list[int]:
    return [h.id for h in headlines if values.get(f"p{h.id}")]


def consent_person_ids(values: Mapping[str, Any]) -> set[int]:
    """The people a consent section's answers mention (even after they left the household)."""
    ids: set[int] = set()
    for name in values:
        if name.startswith("c") and "_" in name:
            head = name[1:].split("_")[0]
            if head.isdigit():
                ids.add(int(head))
    return ids

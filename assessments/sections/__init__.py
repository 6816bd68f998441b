"""What each section of the Early Help Assessment asks, and the rules for its answers.

A section is a list of fields (`FieldDef`); its answers are stored as a flat JSON
object {field name: value} on an AssessmentSection row (text as strings, dates as
ISO strings, yes/no as booleans, choices as their value). The same definitions drive
the section pages, "check your answers", the read-only view, version comparison and
the conflict page, so a new question is added in one place.

Sections depend on the family: one per child, one per parent or carer, consent per
family member, and the headline problems of the outcome framework. `SectionContext`
holds what they depend on, loaded once per page.

One module per part: shapes (fields, sections and their kinds), fields (what each kind of
section asks), definitions (the sections of one assessment), validation, display.
Import them from here: `from assessments import sections as s`.
"""

from assessments.sections.definitions import (
    SectionContext,
    adult_key,
    child_key,
    person_id_of,
    section_definitions,
)
from assessments.sections.display import (
    Answer,
    answers,
    consent_person_ids,
    display,
    ticked_headline_ids,
)
from assessments.sections.fields import (
    CONSENT_DECISIONS,
    CONSENT_METHODS,
    Headline,
    Member,
    member_of,
)
from assessments.sections.shapes import (
    BOOL,
    CHOICE,
    DATE,
    GROUPS,
    SELF_CONSENT_AGE,
    TEXT,
    FieldDef,
    Kind,
    SectionDef,
)
from assessments.sections.validation import clean_values, parse_date, validate

__all__ = [
    "BOOL",
    "CHOICE",
    "CONSENT_DECISIONS",
    "CONSENT_METHODS",
    "DATE",
    "GROUPS",
    "SELF_CONSENT_AGE",
    "TEXT",
    "Answer",
    "FieldDef",
    "Headline",
    "Kind",
    "Member",
    "SectionContext",
    "SectionDef",
    "adult_key",
    "answers",
    "child_key",
    "clean_values",
    "consent_person_ids",
    "display",
    "member_of",
    "parse_date",
    "person_id_of",
    "section_definitions",
    "ticked_headline_ids",
    "validate",
]

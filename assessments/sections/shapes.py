"""The shapes of fields and sections, and the kinds and groups of sections."""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"
CHOICE = "choice"
DATE = "date"
BOOL = "bool"

SELF_CONSENT_AGE = 13  # over-13s may consent for themselves; parents consent for younger children


@dataclass(frozen=True)
class FieldDef:
    name: str
    label: str
    kind: str = TEXT
    hint: str = ""
    required: bool = True  # when the section is marked as completed
    missing: str = ""  # the message when a required answer is missing
    choices: tuple[tuple[str, str], ...] = ()
    group: str = ""  # fields sharing a group are shown together under that heading
    rows: int = 4

    @property
    def missing_message(self) -> str:
        if self.missing:
            return self.missing
        label = self.label[0].lower() + self.label[1:]
        return f"Select {label}" if self.kind in (CHOICE, BOOL) else f"Enter {label}"


@dataclass(frozen=True)
class SectionDef:
    key: str
    kind: str
    title: str
    group: str  # the task list heading it sits under
    fields: tuple[FieldDef, ...]
    person_id: int | None = None
    intro: str = ""

    def field(self, name: str) -> FieldDef | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


class Kind:
    CONSENT = "consent"
    CHILD = "child"
    ADULT = "adult"
    FAMILY = "family"
    VIEWS = "views"
    PROBLEMS = "problems"
    ANALYSIS = "analysis"


GROUPS = [
    "Consent",
    "Children",
    "Parents and carers",
    "Family and environment",
    "Needs and analysis",
]

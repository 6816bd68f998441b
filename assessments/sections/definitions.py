"""The sections of one assessment, which depend on the family: one per child, one per
parent or carer, consent per family member, and the framework's headline problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.sections.fields import (
    Headline,
    Member,
    _adult_fields,
    _analysis_fields,
    _child_fields,
    _consent_fields,
    _family_fields,
    _problem_fields,
    _views_fields,
)
from assessments.sections.shapes import Kind, SectionDef


@dataclass
class SectionContext:
    """What the sections of one assessment depend on."""

    members: list[Member]
    headlines: list[Headline]
    need_levels: list[tuple[str, str]]
    framework_name: str = ""
    extra_section_keys: set[str] = field(default_factory=set)

    def member(self, person_id: int | None) -> Member | None:
        return next((m for m in self.members if m.person_id == person_id), None)


def child_key(person_id: int) -> str:
    return f"child-{person_id}"


def adult_key(person_id: int) -> str:
    return f"adult-{person_id}"


def person_id_of(key: str) -> int | None:
    prefix, _, rest = key.partition("-")
    return int(rest) if prefix in (Kind.CHILD, Kind.ADULT) and rest.isdigit() else None


def section_definitions(context: SectionContext) -> list[SectionDef]:
    """Every section, in task-list order."""
    sections = [
        SectionDef(
            "consent",
            Kind.CONSENT,
            "Consent",
            "Consent",
            _consent_fields(context.members),
            intro="Record each family member's decision. Young people aged 13 or over may "
            "consent for themselves; a parent or carer consents for younger children.",
        )
    ]
    for m in context.members:
        if m.is_child:
            sections.append(
                SectionDef(
                    child_key(m.person_id),
                    Kind.CHILD,
                    m.name,
                    "Children",
                    _child_fields(),
                    person_id=m.person_id,
                )
            )
    for m in context.members:
        if not m.is_child:
            sections.append(
                SectionDef(
                    adult_key(m.person_id),
                    Kind.ADULT,
                    m.name,
                    "Parents and carers",
                    _adult_fields(),
                    person_id=m.person_id,
                )
            )
    sections += [
        SectionDef(
            "family",
            Kind.FAMILY,
            "Housing, community and support network",
            "Family and environment",
            _family_fields(),
        ),
        SectionDef(
            "views",
            Kind.VIEWS,
            "The family's view and goals",
            "Family and environment",
            _views_fields(),
        ),
        SectionDef(
            "problems",
            Kind.PROBLEMS,
            "Headline problems",
            "Needs and analysis",
            _problem_fields(context.headlines),
            intro=(
                f"Select each need the family has under {context.framework_name}, "
                "with the evidence and the date it was identified."
                if context.framework_name
                else ""
            ),
        ),
        SectionDef(
            "analysis",
            Kind.ANALYSIS,
            "Analysis, summary and level of need",
            "Needs and analysis",
            _analysis_fields(context.need_levels),
        ),
    ]
    return sections

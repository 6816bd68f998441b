"""What each section of the Early Help Assessment asks, and the rules for its answers.

A section is a list of fields (`FieldDef`); its answers are stored as a flat JSON
object {field name: value} on an AssessmentSection row (text as strings, dates as
ISO strings, yes/no as booleans, choices as their value). The same definitions drive
the section pages, "check your answers", the read-only view, version comparison and
the conflict page, so a new question is added in one place.

Sections depend on the family: one per child, one per parent or carer, consent per
family member, and the headline problems of the outcome framework. `SectionContext`
holds what they depend on, loaded once per page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from cases.codes import ADULT_RELATIONSHIPS, Relationship
from cases.models import Person

# ------------------------------------------------------------------ field and section shapes

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

_STRENGTHS_NEEDS = (
    FieldDef(
        "strengths",
        "Strengths",
        hint="What is going well; what the family and others already do that helps.",
        missing="Enter the strengths",
    ),
    FieldDef("needs", "Needs", hint="What needs to change, and why.", missing="Enter the needs"),
    FieldDef(
        "tried_before",
        "What has been tried before, and with what result",
        hint="Support already given by any agency, and what difference it made.",
        required=False,
    ),
)


def _child_fields() -> tuple[FieldDef, ...]:
    return (
        FieldDef(
            "development",
            "Development",
            hint="Physical, speech and language, social and behavioural development.",
            missing="Enter the child's development",
        ),
        FieldDef(
            "health",
            "Health",
            hint="Physical health, appointments, immunisations, disability.",
            missing="Enter the child's health",
        ),
        FieldDef(
            "education",
            "Education and learning",
            hint="Attendance, progress, special educational needs support, early education.",
            missing="Enter the child's education and learning",
        ),
        FieldDef(
            "emotional_wellbeing",
            "Emotional wellbeing",
            hint="Feelings, behaviour, friendships, self-esteem.",
            missing="Enter the child's emotional wellbeing",
        ),
        FieldDef(
            "voice",
            "The child's voice: wishes and feelings in their own words",
            hint="Write what the child said, in their words. If they could not tell you, "
            "say how you understood their wishes and feelings.",
            missing="Enter the child's wishes and feelings",
            rows=6,
        ),
        *_STRENGTHS_NEEDS,
    )


def _adult_fields() -> tuple[FieldDef, ...]:
    return (
        FieldDef(
            "parenting_capacity",
            "Parenting capacity",
            hint="Basic care, safety, warmth, guidance and boundaries, stability.",
            missing="Enter the parenting capacity",
        ),
        FieldDef(
            "health",
            "Health",
            hint="Physical and mental health, drug or alcohol use.",
            missing="Enter the adult's health",
        ),
        FieldDef(
            "work_and_money",
            "Work and money",
            hint="Employment, benefits, debt.",
            missing="Enter the adult's work and money",
        ),
        FieldDef(
            "relationships",
            "Relationships",
            hint="With a partner, the children, wider family; any conflict or abuse.",
            missing="Enter the adult's relationships",
        ),
        *_STRENGTHS_NEEDS,
    )


def _family_fields() -> tuple[FieldDef, ...]:
    return (
        FieldDef(
            "housing",
            "Housing",
            hint="Tenure, condition, overcrowding, risk of losing the home.",
            missing="Enter the family's housing",
        ),
        FieldDef(
            "community",
            "Community",
            hint="Local services, school, faith and community groups, safety in the area.",
            missing="Enter the family's community",
        ),
        FieldDef(
            "support_network",
            "Support network",
            hint="Wider family, friends and others the family can turn to.",
            missing="Enter the family's support network",
        ),
        *_STRENGTHS_NEEDS,
    )


def _views_fields() -> tuple[FieldDef, ...]:
    return (
        FieldDef(
            "family_view",
            "The family's view of their situation, in their words",
            missing="Enter the family's view",
            rows=6,
        ),
        FieldDef(
            "family_goals",
            "What the family wants to change: their goals",
            missing="Enter the family's goals",
            rows=6,
        ),
    )


def _analysis_fields(need_levels: Sequence[tuple[str, str]]) -> tuple[FieldDef, ...]:
    return (
        FieldDef(
            "analysis",
            "Analysis",
            hint="What the assessment shows: strengths and needs together, risks, what "
            "happens if nothing changes.",
            missing="Enter the analysis",
            rows=8,
        ),
        FieldDef(
            "summary",
            "Summary",
            hint="A short summary the family and every agency on the case will read.",
            missing="Enter the summary",
            rows=4,
        ),
        FieldDef(
            "need_level",
            "Level of need",
            kind=CHOICE,
            choices=tuple(need_levels),
            missing="Select the level of need",
        ),
        FieldDef(
            "plan_outline",
            "What the family plan should address",
            required=False,
            rows=4,
        ),
    )


CONSENT_DECISIONS = (
    ("given", "Consent given"),
    ("refused", "Consent refused"),
    ("not_asked", "Not asked yet"),
)
CONSENT_METHODS = (("verbal", "Verbally"), ("written", "In writing"))


@dataclass(frozen=True)
class Member:
    """A person the assessment is about, as the household shows them."""

    person_id: int
    name: str
    relationship: str
    date_of_birth: dt.date | None
    is_child: bool
    is_unborn: bool = False
    in_household: bool = True

    def age_on(self, on: dt.date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    @property
    def description(self) -> str:
        relationship = Relationship(self.relationship).label if self.relationship else ""
        if self.is_unborn:
            return "unborn child"
        age = self.age_on(timezone.localdate())
        parts = [p for p in (relationship.lower(), f"age {age}" if age is not None else "") if p]
        return ", ".join(parts)


def member_of(person: Person, relationship: str, *, in_household: bool = True) -> Member:
    today = timezone.localdate()
    if person.date_of_birth is not None:
        is_child = person.is_child_on(today) and relationship not in ADULT_RELATIONSHIPS
    else:
        is_child = person.is_unborn or relationship in (Relationship.CHILD, Relationship.SIBLING)
    return Member(
        person_id=person.pk,
        name=person.full_name,
        relationship=relationship,
        date_of_birth=person.date_of_birth,
        is_child=is_child,
        is_unborn=person.is_unborn,
        in_household=in_household,
    )


def _consent_fields(members: Sequence[Member]) -> tuple[FieldDef, ...]:
    today = timezone.localdate()
    adults = [m for m in members if not m.is_child]
    fields: list[FieldDef] = []
    for m in members:
        if m.is_unborn:
            continue
        group = f"{m.name} ({m.description})" if m.description else m.name
        # Only someone aged 13 or over, from their date of birth, may consent for
        # themselves: a 4-year-old is not offered the choice.
        age = m.age_on(today)
        may_self_consent = not m.is_child or (age is not None and age >= SELF_CONSENT_AGE)
        given_by: tuple[tuple[str, str], ...] = (
            (("self", f"{m.name}, for themselves"),) if may_self_consent else ()
        )
        if m.is_child:
            given_by = (
                *given_by,
                *((str(a.person_id), a.name) for a in adults if a.person_id != m.person_id),
            )
        fields += [
            FieldDef(
                f"c{m.person_id}_decision",
                "Consent",
                kind=CHOICE,
                choices=CONSENT_DECISIONS,
                group=group,
                missing=f"Select whether {m.name} gave consent",
            ),
            FieldDef(
                f"c{m.person_id}_given_by",
                "Who gave or refused consent",
                kind=CHOICE,
                choices=given_by,
                group=group,
                hint="Young people aged 13 or over may consent for themselves; a parent or carer "
                "consents for younger children.",
                required=False,
            ),
            FieldDef(
                f"c{m.person_id}_method",
                "How consent was given",
                kind=CHOICE,
                choices=CONSENT_METHODS,
                group=group,
                required=False,
            ),
            FieldDef(
                f"c{m.person_id}_date",
                "Date of the decision",
                kind=DATE,
                group=group,
                required=False,
            ),
        ]
    fields += [
        FieldDef(
            "may_see",
            "Agencies the family agrees may see the assessment",
            hint="Usually every agency on the Team Around the Family.",
            missing="Enter which agencies may see the assessment",
            rows=3,
        ),
        FieldDef(
            "must_not_see",
            "Anyone who must not see it",
            required=False,
            rows=2,
        ),
        FieldDef(
            "confirmed",
            "I confirm the family's consent is recorded above as they gave it",
            kind=BOOL,
            missing="Confirm that the family's consent is recorded as they gave it",
        ),
    ]
    return tuple(fields)


@dataclass(frozen=True)
class Headline:
    id: int
    number: int
    name: str
    descriptors: str


def _problem_fields(headlines: Sequence[Headline]) -> tuple[FieldDef, ...]:
    fields: list[FieldDef] = []
    for h in headlines:
        group = f"{h.number}. {h.name}"
        fields += [
            FieldDef(
                f"p{h.id}",
                f"The family has this need: {h.name}",
                kind=BOOL,
                group=group,
                hint=h.descriptors,
                required=False,
            ),
            FieldDef(
                f"p{h.id}_evidence",
                "Evidence",
                group=group,
                required=False,
                rows=3,
            ),
            FieldDef(
                f"p{h.id}_identified_on",
                "Date identified",
                kind=DATE,
                group=group,
                required=False,
            ),
        ]
    return tuple(fields)


# ------------------------------------------------------------------ the sections of one assessment


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
            intro="Record each family member's decision. Young people over 13 may consent "
            "for themselves; a parent or carer consents for younger children.",
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


# ------------------------------------------------------------------ validation of answers


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


# ------------------------------------------------------------------ showing answers


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

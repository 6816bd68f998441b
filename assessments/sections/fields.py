"""What each kind of section asks: a child, a parent or carer, the family, their views, the
analysis, consent per family member and the headline problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from assessments.sections.shapes import BOOL, CHOICE, DATE, SELF_CONSENT_AGE, FieldDef
from cases.codes import ADULT_RELATIONSHIPS, Relationship
from cases.models import Person

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

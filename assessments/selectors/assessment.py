"""The assessments of a case: their versions, sections, task list and answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.http import Http404

from assessments import sections as s
from assessments.models import (
    Assessment,
    AssessmentReview,
    AssessmentSection,
    AssessmentState,
    HeadlineProblem,
    SectionStatus,
)
from assessments.selectors.reference import need_level_choices
from cases.models import Case, HouseholdMember, Person
from cases.selectors import household


def case_assessments(*, case: Case) -> list[Assessment]:
    """Every version, oldest first."""
    return list(
        Assessment.objects.filter(case=case)
        .select_related("started_by", "submitted_by", "signed_off_by", "need_level")
        .order_by("number")
    )


def assessment_versions(*, case: Case) -> QuerySet[Assessment]:
    """Every version of the case's assessment, as a queryset to page through."""
    return Assessment.objects.filter(case=case).select_related(
        "started_by", "submitted_by", "signed_off_by", "need_level"
    )


def assessment_for(*, case: Case, number: Any) -> Assessment:
    """One version of the case's assessment, or 404."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        raise Http404("No such assessment") from None
    found = (
        Assessment.objects.filter(case=case, number=wanted)
        .select_related("started_by", "submitted_by", "signed_off_by", "need_level", "framework")
        .first()
    )
    if found is None:
        raise Http404("No such assessment")
    return found


def latest_assessment(*, case: Case) -> Assessment | None:
    return (
        Assessment.objects.filter(case=case)
        .select_related("started_by", "submitted_by", "signed_off_by", "need_level")
        .order_by("-number")
        .first()
    )


def latest_signed_off_assessment(case: Case) -> Assessment | None:
    """The assessment the family's plan and outcomes stand on."""
    return (
        Assessment.objects.filter(case=case, state=AssessmentState.SIGNED_OFF)
        .select_related("need_level", "framework", "signed_off_by")
        .order_by("-number")
        .first()
    )


def assessment_reviews(*, assessment: Assessment) -> list[AssessmentReview]:
    return list(assessment.reviews.select_related("reviewed_by").order_by("-reviewed_at", "-id"))


def section_rows(*, assessment: Assessment) -> dict[str, AssessmentSection]:
    rows = AssessmentSection.objects.filter(assessment=assessment).select_related("updated_by")
    return {row.key: row for row in rows}


def section_answers_at(*, section: AssessmentSection | None, version: int) -> dict[str, Any] | None:
    """A section's answers as they were at `version` (from its field history), if known.

    Version 0 is the section before anyone saved it: no answers.
    """
    if version == 0:
        return {}
    if section is None:
        return None
    events = apps.get_model("assessments", "AssessmentSectionEvent")
    data = (
        events.objects.filter(pgh_obj_id=section.pk, version=version)
        .order_by("-pgh_id")
        .values_list("data", flat=True)
        .first()
    )
    return dict(data) if isinstance(data, dict) else None


def section_context(
    *,
    assessment: Assessment,
    rows: Mapping[str, AssessmentSection] | None = None,
    members: Sequence[HouseholdMember] | None = None,
) -> s.SectionContext:
    """What the assessment's sections depend on: its people, headlines and levels of need.

    A draft is about the household as it is now (and anyone it already has answers
    for); a submitted or signed-off version is about the people its answers name.
    """
    rows = rows if rows is not None else section_rows(assessment=assessment)
    found: dict[int, s.Member] = {}
    if assessment.is_draft:
        current = members if members is not None else household(family=assessment.case.family)
        for hm in current:
            found[hm.person_id] = s.member_of(hm.person, hm.relationship)
    named: set[int] = {row.person_id for row in rows.values() if row.person_id}
    consent = rows.get("consent")
    if consent is not None and not assessment.is_draft:
        named |= s.consent_person_ids(consent.data)
    missing = named - set(found)
    if missing:
        relationships = dict(
            HouseholdMember.objects.filter(
                family_id=assessment.case.family_id, person_id__in=missing
            )
            .order_by("left_on")
            .values_list("person_id", "relationship")
        )
        kinds = {row.person_id: row.kind for row in rows.values() if row.person_id}
        for person in Person.objects.filter(pk__in=missing):
            relationship = relationships.get(person.pk, "")
            member = s.member_of(person, relationship, in_household=False)
            if person.pk in kinds:  # keep the section the answers were given in
                member = s.Member(
                    **{**member.__dict__, "is_child": kinds[person.pk] == s.Kind.CHILD}
                )
            found[person.pk] = member
    ordered = sorted(
        found.values(),
        key=lambda m: (
            not m.is_child,
            m.date_of_birth is None and not m.is_unborn,
            m.date_of_birth or dt.date.max,
            m.person_id,
        ),
    )
    framework = assessment.framework
    headlines: list[s.Headline] = []
    if framework is not None:
        headlines = [
            s.Headline(h.pk, h.number, h.name, h.descriptors)
            for h in HeadlineProblem.objects.filter(framework=framework).order_by("number")
        ]
    return s.SectionContext(
        members=ordered,
        headlines=headlines,
        need_levels=need_level_choices(),
        framework_name=framework.name if framework else "",
    )


@dataclass(frozen=True)
class Task:
    section: s.SectionDef
    status: str
    row: AssessmentSection | None

    @property
    def status_label(self) -> str:
        return SectionStatus(self.status).label


@dataclass(frozen=True)
class TaskGroup:
    heading: str
    tasks: list[Task]


def task_list(
    *, context: s.SectionContext, rows: Mapping[str, AssessmentSection]
) -> list[TaskGroup]:
    """Sections grouped under their headings, each with its status."""
    groups: dict[str, list[Task]] = {heading: [] for heading in s.GROUPS}
    for section in s.section_definitions(context):
        row = rows.get(section.key)
        status = row.status if row is not None else SectionStatus.NOT_STARTED
        groups.setdefault(section.group, []).append(Task(section, status, row))
    return [TaskGroup(heading, tasks) for heading, tasks in groups.items() if tasks]


def incomplete_sections(
    *, context: s.SectionContext, rows: Mapping[str, AssessmentSection]
) -> list[s.SectionDef]:
    return [
        section
        for section in s.section_definitions(context)
        if (row := rows.get(section.key)) is None or row.status != SectionStatus.COMPLETED
    ]


@dataclass(frozen=True)
class SectionAnswers:
    section: s.SectionDef
    status: str
    answers: list[s.Answer]
    row: AssessmentSection | None


def assessment_answers(
    *, context: s.SectionContext, rows: Mapping[str, AssessmentSection]
) -> list[SectionAnswers]:
    """Every section with its answers, for 'check your answers' and the read-only view."""
    shown = []
    for section in s.section_definitions(context):
        row = rows.get(section.key)
        values = row.data if row is not None else {}
        shown.append(
            SectionAnswers(
                section=section,
                status=row.status if row is not None else SectionStatus.NOT_STARTED,
                answers=s.answers(section, values, context),
                row=row,
            )
        )
    return shown

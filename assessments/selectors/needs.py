"""What an assessment found: assessed needs, headline problems and their progress, and the
family's eligibility for the programme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from assessments import sections as s
from assessments.eligibility import Eligibility, programme_eligibility
from assessments.models import Assessment, AssessmentProblem, ProblemProgress
from assessments.selectors.assessment import (
    latest_signed_off_assessment,
    section_context,
    section_rows,
)
from cases.models import Case
from cases.selectors import household


@dataclass(frozen=True)
class AssessedNeed:
    """A need the signed-off assessment records, for plans to link their actions to.

    `key` is stable across versions ("child-12", "family"), so a plan can keep its
    links when the family is reassessed.
    """

    key: str
    title: str
    person_id: int | None
    needs: str
    strengths: str


def assessed_needs(case: Case) -> list[AssessedNeed]:
    """The needs of every child, adult and the family in the latest signed-off assessment."""
    assessment = latest_signed_off_assessment(case)
    if assessment is None:
        return []
    rows = section_rows(assessment=assessment)
    context = section_context(assessment=assessment, rows=rows)
    found = []
    for section in s.section_definitions(context):
        row = rows.get(section.key)
        if row is None or "needs" not in section.field_names:
            continue
        needs = str(row.data.get("needs", "")).strip()
        if needs:
            found.append(
                AssessedNeed(
                    key=section.key,
                    title=section.title,
                    person_id=section.person_id,
                    needs=needs,
                    strengths=str(row.data.get("strengths", "")).strip(),
                )
            )
    return found


@dataclass(frozen=True)
class ProblemSummary:
    headline_id: int
    number: int
    name: str
    evidence: str
    identified_on: dt.date | None
    progress: ProblemProgress | None


def headline_problems(case: Case, *, assessment: Assessment | None = None) -> list[ProblemSummary]:
    """The family's headline problems (latest signed-off assessment) with latest progress."""
    assessment = assessment or latest_signed_off_assessment(case)
    if assessment is None:
        return []
    problems = list(
        AssessmentProblem.objects.filter(assessment=assessment)
        .select_related("headline")
        .order_by("headline__number")
    )
    latest: dict[int, ProblemProgress] = {}
    progress = (
        ProblemProgress.objects.filter(case=case, headline_id__in=[p.headline_id for p in problems])
        .select_related("recorded_by")
        .order_by("headline_id", "-recorded_on", "-id")
        .distinct("headline_id")
    )
    for row in progress:
        latest[row.headline_id] = row
    return [
        ProblemSummary(
            headline_id=p.headline_id,
            number=p.headline.number,
            name=p.headline.name,
            evidence=p.evidence,
            identified_on=p.identified_on,
            progress=latest.get(p.headline_id),
        )
        for p in problems
    ]


def problem_progress_history(*, case: Case) -> list[ProblemProgress]:
    return list(
        ProblemProgress.objects.filter(case=case)
        .select_related("headline", "recorded_by")
        .order_by("-recorded_on", "-id")
    )


def family_eligibility(case: Case) -> Eligibility | None:
    """Whether the family meets its framework's rule, from the signed-off assessment."""
    assessment = latest_signed_off_assessment(case)
    if assessment is None or assessment.framework is None:
        return None
    framework = assessment.framework
    problems = headline_problems(case, assessment=assessment)
    today = timezone.localdate()
    people = [hm.person for hm in household(family=case.family)]
    dependent = sum(1 for p in people if p.date_of_birth and p.is_child_on(today))
    expecting = any(p.is_unborn for p in people)
    return programme_eligibility(
        framework=framework.name,
        min_needs=framework.min_needs,
        headline_count=framework.headlines.count(),
        requires_dependent_children=framework.requires_dependent_children,
        needs=[p.name for p in problems],
        dependent_children=dependent,
        expecting=expecting,
    )

"""Reads about assessments, Outcome Star readings, headline problems and measures.

Every function takes a case the caller has already fetched through
cases.access.access_case (so it is visible to the user) and reads only that case's
rows. Other apps build on these: family plans link actions to `assessed_needs`,
reporting computes `star_distance_travelled` and `headline_problems`.

One module per part: reference (the framework, need levels, star types, measures),
assessment (the assessments of a case, their sections, task list and answers),
comparison (two versions side by side), needs (assessed needs and headline problems),
star (Outcome Star readings and distance travelled), measures.
Import them from here: `from assessments import selectors`.
"""

from assessments.selectors.assessment import (
    SectionAnswers,
    Task,
    TaskGroup,
    assessment_answers,
    assessment_for,
    assessment_reviews,
    assessment_versions,
    case_assessments,
    incomplete_sections,
    latest_assessment,
    latest_signed_off_assessment,
    section_answers_at,
    section_context,
    section_rows,
    task_list,
)
from assessments.selectors.comparison import FieldComparison, SectionComparison, compare_versions
from assessments.selectors.measures import (
    MeasureChange,
    household_people,
    measure_changes,
    measure_readings,
)
from assessments.selectors.needs import (
    AssessedNeed,
    ProblemSummary,
    assessed_needs,
    family_eligibility,
    headline_problems,
    problem_progress_history,
)
from assessments.selectors.reference import (
    active_measures,
    active_star_types,
    current_framework,
    need_level_choices,
    star_type_list,
)
from assessments.selectors.star import (
    DistanceTravelled,
    ScaleChange,
    StarPage,
    distance_from,
    star_distance_travelled,
    star_page,
    star_reading_for,
    star_readings,
)

__all__ = [
    "AssessedNeed",
    "DistanceTravelled",
    "FieldComparison",
    "MeasureChange",
    "ProblemSummary",
    "ScaleChange",
    "SectionAnswers",
    "SectionComparison",
    "StarPage",
    "Task",
    "TaskGroup",
    "active_measures",
    "active_star_types",
    "assessed_needs",
    "assessment_answers",
    "assessment_for",
    "assessment_reviews",
    "assessment_versions",
    "case_assessments",
    "compare_versions",
    "current_framework",
    "distance_from",
    "family_eligibility",
    "headline_problems",
    "household_people",
    "incomplete_sections",
    "latest_assessment",
    "latest_signed_off_assessment",
    "measure_changes",
    "measure_readings",
    "need_level_choices",
    "problem_progress_history",
    "section_answers_at",
    "section_context",
    "section_rows",
    "star_distance_travelled",
    "star_page",
    "star_reading_for",
    "star_readings",
    "star_type_list",
    "task_list",
]

"""Assessments app models, one module per concern; import them from here."""

from assessments.models.assessment import (
    Assessment,
    AssessmentProblem,
    AssessmentReview,
    AssessmentSection,
    AssessmentSource,
    AssessmentState,
    ProblemProgress,
    ProgressStatus,
    ReviewDecision,
    SectionStatus,
)
from assessments.models.measures import MeasureOccasion, MeasureReading
from assessments.models.reference import (
    HeadlineProblem,
    MeasureType,
    NeedLevel,
    OutcomeFramework,
    StarBand,
    StarScale,
    StarType,
)
from assessments.models.star import (
    CONFIRMED_KINDS,
    ReadingKind,
    ReadingOccasion,
    StarReading,
    StarScore,
)

__all__ = [
    "CONFIRMED_KINDS",
    "Assessment",
    "AssessmentProblem",
    "AssessmentReview",
    "AssessmentSection",
    "AssessmentSource",
    "AssessmentState",
    "HeadlineProblem",
    "MeasureOccasion",
    "MeasureReading",
    "MeasureType",
    "NeedLevel",
    "OutcomeFramework",
    "ProblemProgress",
    "ProgressStatus",
    "ReadingKind",
    "ReadingOccasion",
    "ReviewDecision",
    "SectionStatus",
    "StarBand",
    "StarReading",
    "StarScale",
    "StarScore",
    "StarType",
]

"""Reporting models, one module per concern; import them from here."""

from reporting.models.audits import (
    GOOD_OR_BETTER,
    AuditFramework,
    AuditQuestion,
    AuditSample,
    AuditStatus,
    CaseAudit,
    CaseAuditAction,
    CaseAuditAnswer,
    Grade,
)
from reporting.models.costs import EarlyHelpSpend, UnitCost
from reporting.models.exports import ExportJob, ExportStatus
from reporting.models.moving_in import ImportBatch, ImportedRecord
from reporting.models.partnership import (
    MATURITY_ORDER,
    AgencySelfAssessment,
    Maturity,
    PartnershipPledge,
    PartnershipStrand,
    StrandRating,
)
from reporting.models.scorecard import (
    CalendarDay,
    ChildPopulation,
    FamiliesEstimate,
    LeadPractitionerTraining,
    RollupRun,
    RollupStatus,
    ScorecardSnapshot,
    SocialCareFigures,
)
from reporting.models.supporting_families import ClaimRule, ClaimRules, FamilyClaim

__all__ = [
    "GOOD_OR_BETTER",
    "MATURITY_ORDER",
    "AgencySelfAssessment",
    "AuditFramework",
    "AuditQuestion",
    "AuditSample",
    "AuditStatus",
    "CalendarDay",
    "CaseAudit",
    "CaseAuditAction",
    "CaseAuditAnswer",
    "ChildPopulation",
    "ClaimRule",
    "ClaimRules",
    "EarlyHelpSpend",
    "ExportJob",
    "ExportStatus",
    "FamiliesEstimate",
    "FamilyClaim",
    "Grade",
    "ImportBatch",
    "ImportedRecord",
    "LeadPractitionerTraining",
    "Maturity",
    "PartnershipPledge",
    "PartnershipStrand",
    "RollupRun",
    "RollupStatus",
    "ScorecardSnapshot",
    "SocialCareFigures",
    "StrandRating",
    "UnitCost",
]

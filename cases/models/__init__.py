"""Cases app models, one module per concern; import them from here."""

from cases.models.allocation import (
    CLOSING_DECISIONS,
    AllocationItem,
    AllocationMeeting,
    AllocationMeetingAttendee,
    Decision,
)
from cases.models.audit import AuditCheckpoint, AuditEntry
from cases.models.break_glass import BreakGlassAccess
from cases.models.cases import Case, CaseTransition
from cases.models.chronology import ChronologyEntry
from cases.models.consent import CaseShare, ConsentDecision, ConsentRecord, Disclosure, ShareBasis
from cases.models.enquiries import (
    ConcernCategory,
    ConflictResolution,
    Enquiry,
    IdentifierConflict,
    Urgency,
)
from cases.models.families import Family, HouseholdMember, Person, PersonIdentifier
from cases.models.family_names import FamilyNames
from cases.models.grants import CaseGrant, CaseNoteReader
from cases.models.journey import (
    ClosureProposal,
    ClosureStatus,
    FamilyFeedback,
    FeedbackKind,
    LeadPractitionerAssignment,
    StepAcross,
    StepDown,
)
from cases.models.notes import CaseNote, NoteType, NoteVisibility, SensitiveCategory
from cases.models.reference import (
    CaseLimit,
    CaseType,
    ContactSourceMapping,
    DriftThresholds,
    NeedLevel,
    WorkingDayTargets,
)
from cases.models.restriction import PersonRestriction
from cases.models.team import CaseTeamMember

__all__ = [
    "CLOSING_DECISIONS",
    "AllocationItem",
    "AllocationMeeting",
    "AllocationMeetingAttendee",
    "AuditCheckpoint",
    "AuditEntry",
    "BreakGlassAccess",
    "Case",
    "CaseGrant",
    "CaseLimit",
    "CaseNote",
    "CaseNoteReader",
    "CaseShare",
    "CaseTeamMember",
    "CaseTransition",
    "CaseType",
    "ChronologyEntry",
    "ClosureProposal",
    "ClosureStatus",
    "ConcernCategory",
    "ConflictResolution",
    "ConsentDecision",
    "ConsentRecord",
    "ContactSourceMapping",
    "Decision",
    "Disclosure",
    "DriftThresholds",
    "Enquiry",
    "Family",
    "FamilyFeedback",
    "FamilyNames",
    "FeedbackKind",
    "HouseholdMember",
    "IdentifierConflict",
    "LeadPractitionerAssignment",
    "NeedLevel",
    "NoteType",
    "NoteVisibility",
    "Person",
    "PersonIdentifier",
    "PersonRestriction",
    "SensitiveCategory",
    "ShareBasis",
    "StepAcross",
    "StepDown",
    "Urgency",
    "WorkingDayTargets",
]

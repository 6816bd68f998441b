"""Cases app models, one module per concern; import them from here."""

from cases.models.audit import AuditEntry
from cases.models.cases import Case, CaseTransition
from cases.models.chronology import ChronologyEntry
from cases.models.consent import CaseShare, ConsentDecision, ConsentRecord, Disclosure, ShareBasis
from cases.models.enquiries import ConcernCategory, Enquiry, Urgency
from cases.models.families import Family, HouseholdMember, Person, PersonIdentifier
from cases.models.grants import CaseGrant, CaseNoteReader
from cases.models.notes import CaseNote, NoteType, NoteVisibility, SensitiveCategory
from cases.models.team import CaseTeamMember

__all__ = [
    "AuditEntry",
    "Case",
    "CaseGrant",
    "CaseNote",
    "CaseNoteReader",
    "CaseShare",
    "CaseTeamMember",
    "CaseTransition",
    "ChronologyEntry",
    "ConcernCategory",
    "ConsentDecision",
    "ConsentRecord",
    "Disclosure",
    "Enquiry",
    "Family",
    "HouseholdMember",
    "NoteType",
    "NoteVisibility",
    "Person",
    "PersonIdentifier",
    "SensitiveCategory",
    "ShareBasis",
    "Urgency",
]

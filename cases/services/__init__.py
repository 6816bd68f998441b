"""Every write to families, people, enquiries and cases, one module per concern.

- families: families and people, and finding a family already known;
- enquiries: enquiries and the front door;
- transitions: the workflow (case_transition), screening and step-down;
- team: the Team Around the Family;
- consent, shares: what the family agreed to, disclosures, and sharing with partners;
- notes: case notes and their readers;
- grants: time-limited access granted to a named user;
- allocation: the allocation meeting, its agenda and its decisions;
- journey: lead practitioner changes, step-up and step-across, closure, family feedback;
- records: corrections to a person's record and the codes returns read.

Each service takes the acting user, checks permission through cases/access.py, changes
data in one transaction, appends to the case chronology where the case shows it, and
writes its audit entry last (the audit chain lock is then held only for the moment
before commit). Views, the API, tasks, commands and the demo builder all call these;
nothing else saves these models. Import them from here: `from cases import services`.
"""

from cases.services.allocation import (
    AttendeeDetails,
    allocation_agenda_add,
    allocation_decide,
    allocation_meeting_attendance,
    allocation_meeting_create,
    allocation_meeting_refresh,
    covers_place,
)
from cases.services.consent import consent_record, disclosure_record
from cases.services.enquiries import (
    ENQUIRY_ROLES,
    REREFERRAL_MONTHS,
    NewFamilyDetails,
    enquiry_create,
    enquiry_raise,
    search_record,
)
from cases.services.families import (
    PersonDetails,
    duplicate_check,
    family_create,
    family_matches,
    person_add_to_family,
)
from cases.services.grants import case_grant_access, grants_remove_expired
from cases.services.journey import (
    LEAD_CP_ROLE,
    LED_STATES,
    case_closure_propose,
    case_closure_return,
    case_closure_sign_off,
    case_step_across,
    case_step_up,
    family_feedback_record,
    lead_practitioner_change,
    lead_practitioners_reassign,
)
from cases.services.notes import note_add, note_reader_add
from cases.services.records import (
    RecordCorrection,
    case_return_codes_record,
    current_identifiers,
    identifier_conflict_resolve,
    needs_checking_message,
    person_update,
)
from cases.services.shares import (
    AGREEMENT_ENDED_KIND,
    case_share,
    case_share_end,
    shares_end_on_expired_agreements,
)
from cases.services.team import team_member_add, team_member_end
from cases.services.transitions import (
    StepDownDetails,
    case_accept_step_down,
    case_screen,
    case_transition,
)
from cases.workflow import default_case_type, open_closure_proposal

__all__ = [
    "AGREEMENT_ENDED_KIND",
    "ENQUIRY_ROLES",
    "LEAD_CP_ROLE",
    "LED_STATES",
    "REREFERRAL_MONTHS",
    "AttendeeDetails",
    "NewFamilyDetails",
    "PersonDetails",
    "RecordCorrection",
    "StepDownDetails",
    "allocation_agenda_add",
    "allocation_decide",
    "allocation_meeting_attendance",
    "allocation_meeting_create",
    "allocation_meeting_refresh",
    "case_accept_step_down",
    "case_closure_propose",
    "case_closure_return",
    "case_closure_sign_off",
    "case_grant_access",
    "case_return_codes_record",
    "case_screen",
    "case_share",
    "case_share_end",
    "case_step_across",
    "case_step_up",
    "case_transition",
    "consent_record",
    "covers_place",
    "current_identifiers",
    "default_case_type",
    "disclosure_record",
    "duplicate_check",
    "enquiry_create",
    "enquiry_raise",
    "family_create",
    "family_feedback_record",
    "family_matches",
    "grants_remove_expired",
    "identifier_conflict_resolve",
    "lead_practitioner_change",
    "lead_practitioners_reassign",
    "needs_checking_message",
    "note_add",
    "note_reader_add",
    "open_closure_proposal",
    "person_add_to_family",
    "person_update",
    "search_record",
    "shares_end_on_expired_agreements",
    "team_member_add",
    "team_member_end",
]

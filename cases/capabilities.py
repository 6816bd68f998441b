"""What each role may do with a case: named once, here.

A person stands to a case in one or more *case roles* (the lead practitioner, a manager
of the lead agency, the service's zone manager, a partner on the team...), worked out
from their memberships and the case's relations in `cases.access.case_roles_of`. Each
case role has one set of capabilities (`CAPABILITIES`); `cases.access.can` answers
"may this person do this to this case?" from this table alone, and the pages, the API's
permission checks and the README's role table (`manage.py role_table`) all read it.
"""

from __future__ import annotations

from enum import StrEnum

from partners.roles import CASEWORK_ROLES, Role

# Membership roles that raise enquiries and follow what became of them (the enquiry
# pages, Your enquiries, GET and POST /api/v1/enquiries/).
ENQUIRY_ROLES = CASEWORK_ROLES | {Role.PARTNER_VIEWER}


class Action(StrEnum):
    VIEW = "view"
    ADD_NOTE = "add_note"  # write notes, contribute to the plan and meetings
    WORK = "work"  # lead the work: assessment, plan, propose closure
    MANAGE_TEAM = "manage_team"  # TAF membership, consent, shares
    SCREEN = "screen"  # front-door screening decisions
    ALLOCATE = "allocate"
    SIGN_OFF = "sign_off"  # manager oversight: sign-offs, closure, step-up
    REASSIGN = "reassign"  # change the lead practitioner
    GRANT_ACCESS = "grant_access"
    VIEW_ACCESS_LOG = "view_access_log"
    EXPORT = "export"
    # Correct who the family are (a person's details and identifiers) and the codes
    # returns read (contact source, census codes): also after closure, because a
    # closed contact still goes into inspection lists and returns.
    CORRECT_RECORD = "correct_record"


ACTION_LABELS: dict[Action, str] = {
    Action.VIEW: "Read the case",
    Action.ADD_NOTE: "Add notes, contribute to plan and meetings",
    Action.WORK: "Lead the work (assessment, plan, propose closure)",
    Action.CORRECT_RECORD: "Correct the family's record",
    Action.MANAGE_TEAM: "Manage the team, consent and shares",
    Action.SCREEN: "Screen at the front door",
    Action.ALLOCATE: "Allocate",
    Action.REASSIGN: "Change the lead practitioner",
    Action.SIGN_OFF: "Sign off (assessment, closure, step-up)",
    Action.GRANT_ACCESS: "Grant access to someone",
    Action.VIEW_ACCESS_LOG: "Read the access log",
    Action.EXPORT: "Export the case",
}


class CaseRole(StrEnum):
    """How a person stands to one case. Several may hold at once; capabilities add up."""

    LEAD_PRACTITIONER = "lead_practitioner"
    LEAD_AGENCY_MANAGER = "lead_agency_manager"
    # A practitioner or coordinator of the lead agency (other than its lead practitioner).
    LEAD_AGENCY_WORKER = "lead_agency_worker"
    SERVICE_ZONE_MANAGER = "service_zone_manager"
    SERVICE_ZONE_COORDINATOR = "service_zone_coordinator"
    # A practitioner, coordinator or manager of an agency on the Team Around the Family,
    # or one the case is shared with.
    TEAM_WORKER = "team_worker"
    # A partner viewer of an agency on the team or shared with.
    TEAM_VIEWER = "team_viewer"
    GRANT_HOLDER = "grant_holder"
    # Opened the case without a relationship, stating a reason (cases/break_glass.py).
    BREAK_GLASS = "break_glass"


CASE_ROLE_LABELS: dict[CaseRole, str] = {
    CaseRole.LEAD_PRACTITIONER: "Lead practitioner",
    CaseRole.LEAD_AGENCY_MANAGER: "Manager of the lead agency",
    CaseRole.LEAD_AGENCY_WORKER: "Practitioner or coordinator of the lead agency",
    CaseRole.SERVICE_ZONE_MANAGER: "Service manager covering the zone or hub",
    CaseRole.SERVICE_ZONE_COORDINATOR: "Service coordinator covering the zone or hub",
    CaseRole.TEAM_WORKER: "Partner agency on the team or shared with (practitioner, "
    "coordinator or manager)",
    CaseRole.TEAM_VIEWER: "Partner viewer of an agency on the team or shared with",
    CaseRole.GRANT_HOLDER: "Holder of a time-limited grant",
    CaseRole.BREAK_GLASS: "Opened without a relationship, with a reason (24 hours)",
}

_READ = frozenset({Action.VIEW})
_CONTRIBUTE = _READ | {Action.ADD_NOTE}
_LEAD = _CONTRIBUTE | {Action.WORK, Action.CORRECT_RECORD, Action.MANAGE_TEAM}
_OVERSEE = frozenset(
    {Action.SIGN_OFF, Action.REASSIGN, Action.GRANT_ACCESS, Action.VIEW_ACCESS_LOG, Action.EXPORT}
)

CAPABILITIES: dict[CaseRole, frozenset[Action]] = {
    CaseRole.LEAD_PRACTITIONER: _LEAD,
    CaseRole.LEAD_AGENCY_MANAGER: _LEAD | _OVERSEE,
    CaseRole.LEAD_AGENCY_WORKER: _CONTRIBUTE,
    CaseRole.SERVICE_ZONE_MANAGER: _LEAD | _OVERSEE | {Action.SCREEN, Action.ALLOCATE},
    CaseRole.SERVICE_ZONE_COORDINATOR: _LEAD | {Action.SCREEN, Action.ALLOCATE, Action.REASSIGN},
    CaseRole.TEAM_WORKER: _CONTRIBUTE,
    CaseRole.TEAM_VIEWER: _READ,
    CaseRole.GRANT_HOLDER: _READ,
    CaseRole.BREAK_GLASS: _READ,
}


def capabilities_of(roles: frozenset[CaseRole] | set[CaseRole]) -> frozenset[Action]:
    """Everything the case roles together allow."""
    allowed: frozenset[Action] = frozenset()
    for role in roles:
        allowed |= CAPABILITIES[role]
    return allowed


def role_table() -> str:
    """The role table, in Markdown, as the README shows it (`manage.py role_table`)."""
    rows = ["| Case role | What they may do |", "|---|---|"]
    for role in CaseRole:
        allowed = [ACTION_LABELS[a] for a in Action if a in CAPABILITIES[role]]
        rows.append(f"| {CASE_ROLE_LABELS[role]} | {'; '.join(allowed)} |")
    return "\n".join(rows)

"""Reads that cross rows, every one scoped to the user through cases/access.py, one module
per concern:

- core: the front door, my cases, families, a case's tabs;
- search: finding a family, and a page of the results;
- allocation: allocation meetings, their agenda and record;
- caseloads: lead practitioners' caseloads against their limits;
- journey: lead practitioner history, step-down, step-across, closure, feedback, and
  what became of a referrer's enquiries;
- people: the people of the households the user may see.

Import them from here: `from cases import selectors`.
"""

from cases.selectors.core import (
    CASE_LIST_RELATED,
    MY_CASES_ORDER,
    PossibleDuplicate,
    Viewer,
    case_access_log,
    case_audit_entries,
    case_chronology,
    case_consents,
    case_current_grants,
    case_disclosures,
    case_enquiry,
    case_given_consents,
    case_household,
    case_note_list,
    case_notes,
    case_possible_duplicates,
    case_share_of,
    case_shares,
    case_team,
    case_team_member,
    case_viewers,
    case_workers,
    enquiry_children_choices,
    family_cases,
    front_door_hubs,
    front_door_queue,
    household,
    household_people,
    my_cases,
    my_cases_page,
    sharing_agreements,
    user_by_email,
    visible_family,
    working_days_waiting,
)
from cases.selectors.people import visible_people, visible_person
from cases.selectors.search import (
    family_results,
    family_search,
    family_search_ids,
    family_search_results,
)

__all__ = [
    "CASE_LIST_RELATED",
    "MY_CASES_ORDER",
    "PossibleDuplicate",
    "Viewer",
    "case_access_log",
    "case_audit_entries",
    "case_chronology",
    "case_consents",
    "case_current_grants",
    "case_disclosures",
    "case_enquiry",
    "case_given_consents",
    "case_household",
    "case_note_list",
    "case_notes",
    "case_possible_duplicates",
    "case_share_of",
    "case_shares",
    "case_team",
    "case_team_member",
    "case_viewers",
    "case_workers",
    "enquiry_children_choices",
    "family_cases",
    "family_results",
    "family_search",
    "family_search_ids",
    "family_search_results",
    "front_door_hubs",
    "front_door_queue",
    "household",
    "household_people",
    "my_cases",
    "my_cases_page",
    "sharing_agreements",
    "user_by_email",
    "visible_family",
    "visible_people",
    "visible_person",
    "working_days_waiting",
]

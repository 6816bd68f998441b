"""The case workflow, in one home.

- table: every transition with its states, action, guards, requirements, changes,
  effects, chronology event and the page it is taken from; the names of the steps;
- available: `available_transitions(user, case)`, which the case page, the API and
  My work read;
- requirements, effects: what the table's entries point at.

`case_transition` (cases/services/transitions.py) is the only way a case changes state.
The states themselves are in cases/workflow_states.py.
"""

from cases.workflow.available import (
    available_transitions,
    first_available,
    is_available,
    offered_pages,
    refusal,
)
from cases.workflow.effects import OWN_CLOSURE, Moment, default_case_type, open_closure_proposal
from cases.workflow.requirements import (
    CLOSING_OUTCOMES,
    has_consent_or_lawful_basis,
    is_service_account,
    lead_refusal,
    works_for,
)
from cases.workflow.table import (
    TRANSITIONS,
    Offer,
    Transition,
    TransitionName,
    sources_of,
    transitions_from,
)

__all__ = [
    "CLOSING_OUTCOMES",
    "OWN_CLOSURE",
    "TRANSITIONS",
    "Moment",
    "Offer",
    "Transition",
    "TransitionName",
    "available_transitions",
    "default_case_type",
    "first_available",
    "has_consent_or_lawful_basis",
    "is_available",
    "is_service_account",
    "lead_refusal",
    "offered_pages",
    "open_closure_proposal",
    "refusal",
    "sources_of",
    "transitions_from",
    "works_for",
]

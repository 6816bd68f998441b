"""The case workflow: every transition in one table.

Each transition names the states it leaves from, the state it reaches, the action a
person must be allowed (cases/access.py), its guards (who else may not take it), what
it requires of what was entered, the changes it makes to the case, the effects it
leaves behind, the chronology event it records, and the page a person takes it from.
`case_transition` (cases/services/transitions.py) is the only way a case changes
state and reads everything it does from here; `available_transitions`
(cases/workflow/available.py) is what pages, the API and My work offer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cases.access import Action
from cases.models import Case
from cases.workflow import effects as e
from cases.workflow import requirements as r
from cases.workflow_states import OPEN_STATES, State


class TransitionName(StrEnum):
    """The names of the steps, as stored on CaseTransition.name and sent to the API."""

    START_SCREENING = "start_screening"
    ACCEPT_FOR_ALLOCATION = "accept_for_allocation"
    CLOSE_AT_SCREENING = "close_at_screening"
    ALLOCATE = "allocate"
    ACCEPT_STEP_DOWN = "accept_step_down"
    CLOSE_WITHOUT_ALLOCATION = "close_without_allocation"
    START_ASSESSMENT = "start_assessment"
    START_PLAN = "start_plan"
    PROPOSE_CLOSURE = "propose_closure"
    RETURN_FROM_CLOSING = "return_from_closing"
    CLOSE = "close"
    STEP_UP = "step_up"


@dataclass(frozen=True)
class Offer:
    """Where a person takes a step from the case's own pages: the page (a URL name taking
    the case's id) and the button that leads there. Several steps may share one page
    (the screening decision accepts or closes; the closure decision signs off or
    returns); the page is offered once."""

    url_name: str
    label: str
    primary: bool = False


SCREENING_PAGE = Offer("case-screening", "Record the screening decision", primary=True)
CLOSURE_PROPOSAL_PAGE = Offer("case-closure-propose", "Propose closing the case")
CLOSURE_DECISION_PAGE = Offer("case-closure-decision", "Sign off the closure", primary=True)
STEP_UP_PAGE = Offer("case-step-up", "Step up to social care")


@dataclass(frozen=True)
class Transition:
    name: TransitionName
    label: str  # a verb phrase: "start screening"
    sources: frozenset[State]
    target: State
    action: Action
    requires: tuple[r.Requirement, ...] = ()
    guards: tuple[e.Guard, ...] = ()
    changes: tuple[e.Change, ...] = ()
    effects: tuple[e.Effect, ...] = ()
    # The title of the chronology event; the state reached when not given.
    event: str = ""
    # Where a person takes this step from the case's pages; None when it is taken
    # elsewhere (an allocation meeting, the assessment and plan pages, the API).
    offer: Offer | None = field(default=None)

    @property
    def event_title(self) -> str:
        return self.event or State(self.target).label

    def problems(self, case: Case, data: dict[str, Any]) -> list[str]:
        found: list[str] = []
        for requirement in self.requires:
            found.extend(requirement(case, data))
        return found


BEYOND_FRONT_DOOR = OPEN_STATES - {State.ENQUIRY_RECEIVED, State.SCREENING}
LEAD_WORK_STATES = frozenset({State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW})

T = TransitionName

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            T.START_SCREENING,
            "start screening",
            frozenset({State.ENQUIRY_RECEIVED}),
            State.SCREENING,
            Action.SCREEN,
            offer=SCREENING_PAGE,
        ),
        Transition(
            T.ACCEPT_FOR_ALLOCATION,
            "accept the enquiry for an early help assessment",
            frozenset({State.SCREENING}),
            State.AWAITING_ALLOCATION,
            Action.SCREEN,
            requires=(r.screening_reason,),
            changes=(e.screened_in,),
            offer=SCREENING_PAGE,
        ),
        Transition(
            T.CLOSE_AT_SCREENING,
            "close the enquiry at screening",
            frozenset({State.SCREENING}),
            State.CLOSED,
            Action.SCREEN,
            requires=(r.screened_for_closure,),
            changes=(e.screened_out,),
            effects=e.AT_CLOSURE,
            offer=SCREENING_PAGE,
        ),
        Transition(
            T.ALLOCATE,
            "allocate the case",
            frozenset({State.AWAITING_ALLOCATION}),
            State.ALLOCATED,
            Action.ALLOCATE,
            requires=(r.allocation,),
            changes=(e.allocated,),
            effects=(e.lead_period_starts,),
        ),
        Transition(
            T.ACCEPT_STEP_DOWN,
            "accept the step-down from children's social care",
            frozenset({State.ENQUIRY_RECEIVED}),
            State.AWAITING_ALLOCATION,
            Action.SCREEN,
            requires=(r.screening_reason,),
            changes=(e.screened_in,),
        ),
        Transition(
            T.CLOSE_WITHOUT_ALLOCATION,
            "close the case without allocating it",
            frozenset({State.AWAITING_ALLOCATION}),
            State.CLOSED,
            Action.ALLOCATE,
            requires=(r.closing_without_allocation,),
            changes=(e.closed_unallocated,),
            effects=e.AT_CLOSURE,
        ),
        Transition(
            T.START_ASSESSMENT,
            "start the assessment",
            frozenset({State.ALLOCATED}),
            State.ASSESSMENT,
            Action.WORK,
        ),
        Transition(
            T.START_PLAN,
            "move to plan and review",
            frozenset({State.ASSESSMENT}),
            State.PLAN_AND_REVIEW,
            Action.WORK,
        ),
        Transition(
            T.PROPOSE_CLOSURE,
            "propose closing the case",
            LEAD_WORK_STATES,
            State.CLOSING,
            Action.WORK,
            requires=(r.closure_proposal,),
            changes=(e.closure_proposed,),
            effects=(e.proposal_recorded,),
            offer=CLOSURE_PROPOSAL_PAGE,
        ),
        Transition(
            T.RETURN_FROM_CLOSING,
            "return the case to plan and review",
            frozenset({State.CLOSING}),
            State.PLAN_AND_REVIEW,
            Action.SIGN_OFF,
            requires=(r.reasons,),
            changes=(e.closure_withdrawn,),
            effects=(e.proposal_returned,),
            offer=CLOSURE_DECISION_PAGE,
        ),
        Transition(
            T.CLOSE,
            "close the case",
            frozenset({State.CLOSING}),
            State.CLOSED,
            Action.SIGN_OFF,
            requires=(r.closure_signed_off,),
            guards=(e.not_own_closure,),
            changes=(e.closure_from_proposal,),
            effects=(e.proposal_signed_off, *e.AT_CLOSURE),
            offer=CLOSURE_DECISION_PAGE,
        ),
        Transition(
            T.STEP_UP,
            "step the case up to children's social care",
            BEYOND_FRONT_DOOR,
            State.CLOSED,
            Action.SIGN_OFF,
            requires=(r.reasons,),
            changes=(e.stepped_up,),
            effects=(e.proposal_returned, *e.AT_CLOSURE),
            offer=STEP_UP_PAGE,
        ),
    ]
}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]


def sources_of(*names: TransitionName) -> frozenset[State]:
    """The states any of these steps may be taken from (for queues of work)."""
    return frozenset().union(*(TRANSITIONS[name].sources for name in names))

"""The case workflow: every transition in one table.

Each transition names the states it leaves from, the state it reaches, the action a
person must be allowed (cases/access.py) and what it requires. `case_transition` in
cases/services.py is the only way a case changes state; it refuses illegal
transitions with a message that says why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cases.access import Action
from cases.models import Case, ConsentDecision, ConsentRecord, ShareBasis
from cases.workflow_states import OPEN_STATES, ScreeningOutcome, State

Requirement = Callable[[Case, dict[str, Any]], list[str]]

CLOSING_OUTCOMES = {
    ScreeningOutcome.NO_FURTHER_ACTION,
    ScreeningOutcome.SIGNPOST,
    ScreeningOutcome.SINGLE_AGENCY,
    ScreeningOutcome.STEP_UP,
}


def has_consent_or_lawful_basis(case: Case) -> bool:
    """The latest decision recorded for the case is consent given, or a lawful basis."""
    latest = ConsentRecord.objects.filter(case=case).order_by("-recorded_at", "-id").first()
    if latest is None:
        return False
    if latest.basis != ShareBasis.CONSENT:
        return True
    return latest.decision == ConsentDecision.GIVEN


def _screening_reason(case: Case, data: dict[str, Any]) -> list[str]:
    return [] if (data.get("reason") or "").strip() else ["Enter the reason for the decision"]


def _screened_for_closure(case: Case, data: dict[str, Any]) -> list[str]:
    problems = _screening_reason(case, data)
    if data.get("outcome") not in CLOSING_OUTCOMES:
        problems.insert(0, "Select what should happen instead of an early help assessment")
    return problems


def _allocation(case: Case, data: dict[str, Any]) -> list[str]:
    problems = []
    if not (data.get("lead_agency") or case.lead_agency_id):
        problems.append("Select the lead agency")
    if not (data.get("lead_practitioner") or case.lead_practitioner_id):
        problems.append("Select the lead practitioner")
    if not has_consent_or_lawful_basis(case):
        problems.append(
            "Record the family's consent, or a lawful basis for working without it, "
            "before allocating"
        )
    return problems


def _closure(case: Case, data: dict[str, Any]) -> list[str]:
    return (
        []
        if (data.get("closure_reason") or case.closure_reason)
        else ["Select the reason for closing the case"]
    )


def _reason(case: Case, data: dict[str, Any]) -> list[str]:
    return [] if (data.get("reason") or "").strip() else ["Enter the reasons"]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # a verb phrase: "start screening"
    sources: frozenset[State]
    target: State
    action: Action
    requires: tuple[Requirement, ...] = field(default_factory=tuple)

    def problems(self, case: Case, data: dict[str, Any]) -> list[str]:
        found: list[str] = []
        for requirement in self.requires:
            found.extend(requirement(case, data))
        return found


def _t(
    name: str,
    label: str,
    sources: set[State] | frozenset[State],
    target: State,
    action: Action,
    *requires: Requirement,
) -> Transition:
    return Transition(name, label, frozenset(sources), target, action, tuple(requires))


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t(
            "start_screening",
            "start screening",
            {State.ENQUIRY_RECEIVED},
            State.SCREENING,
            Action.SCREEN,
        ),
        _t(
            "accept_for_allocation",
            "accept the enquiry for an early help assessment",
            {State.SCREENING},
            State.AWAITING_ALLOCATION,
            Action.SCREEN,
            _screening_reason,
        ),
        _t(
            "close_at_screening",
            "close the enquiry at screening",
            {State.SCREENING},
            State.CLOSED,
            Action.SCREEN,
            _screened_for_closure,
        ),
        _t(
            "allocate",
            "allocate the case",
            {State.AWAITING_ALLOCATION},
            State.ALLOCATED,
            Action.ALLOCATE,
            _allocation,
        ),
        _t(
            "start_assessment",
            "start the assessment",
            {State.ALLOCATED},
            State.ASSESSMENT,
            Action.WORK,
        ),
        _t(
            "start_plan",
            "move to plan and review",
            {State.ASSESSMENT},
            State.PLAN_AND_REVIEW,
            Action.WORK,
        ),
        _t(
            "propose_closure",
            "propose closing the case",
            {State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW},
            State.CLOSING,
            Action.WORK,
            _closure,
        ),
        _t(
            "return_from_closing",
            "return the case to plan and review",
            {State.CLOSING},
            State.PLAN_AND_REVIEW,
            Action.SIGN_OFF,
            _reason,
        ),
        _t("close", "close the case", {State.CLOSING}, State.CLOSED, Action.SIGN_OFF, _closure),
        _t(
            "step_up",
            "step the case up to children's social care",
            OPEN_STATES - {State.ENQUIRY_RECEIVED, State.SCREENING},
            State.CLOSED,
            Action.SIGN_OFF,
            _reason,
        ),
    ]
}


def transitions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]

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
from cases.models import (
    Case,
    ClosureProposal,
    ClosureStatus,
    ConsentDecision,
    ConsentRecord,
    ShareBasis,
)
from cases.workflow_states import OPEN_STATES, ClosureReason, ScreeningOutcome, State
from partners.models import Membership
from partners.roles import CASEWORK_ROLES

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


def works_for(user: Any, agency: Any) -> bool:
    """The person holds a casework role in the agency today (so they can see its cases)."""
    return (
        Membership.objects.active()
        .filter(user_id=user.pk, agency_id=agency.pk, role__in=CASEWORK_ROLES)
        .exists()
    )


def _allocation(case: Case, data: dict[str, Any]) -> list[str]:
    problems = []
    agency = data.get("lead_agency") or case.lead_agency
    lead = data.get("lead_practitioner") or case.lead_practitioner
    if not agency:
        problems.append("Select the lead agency")
    if not lead:
        problems.append("Select the lead practitioner")
    elif agency and not works_for(lead, agency):
        problems.append(f"Select a lead practitioner who works for {agency}")
    if not (data.get("need_level") or case.allocation_level_id):
        problems.append("Select the family's level of need at allocation")
    if not has_consent_or_lawful_basis(case):
        problems.append(
            "Record the family's consent, or a lawful basis for working without it, "
            "before allocating"
        )
    return problems


def _closure_proposal(case: Case, data: dict[str, Any]) -> list[str]:
    problems = []
    if data.get("closure_reason") not in ClosureReason.values or (
        data.get("closure_reason") == ClosureReason.STEPPED_UP
    ):
        problems.append("Select the reason for closing the case")
    if not (data.get("exit_plan") or "").strip():
        problems.append("Enter the exit plan: what the family will do to keep things going")
    if not (data.get("exit_support") or "").strip():
        problems.append("Enter where the family can get help from now on")
    if not data.get("closing_level"):
        problems.append("Select the family's level of need at closure")
    return problems


def _closure_signed_off(case: Case, data: dict[str, Any]) -> list[str]:
    """A proposal (reason, exit plan, closing level) waits for sign-off, or they are given."""
    if ClosureProposal.objects.filter(case=case, status=ClosureStatus.PROPOSED).exists():
        return []
    if data.get("closure_reason") and data.get("closing_level") and data.get("exit_plan"):
        return []
    return ["There is no closure proposal to sign off: the lead practitioner proposes closure"]


def _closing_without_allocation(case: Case, data: dict[str, Any]) -> list[str]:
    problems = _screening_reason(case, data)
    if data.get("outcome") not in (ScreeningOutcome.NO_FURTHER_ACTION, ScreeningOutcome.SIGNPOST):
        problems.insert(0, "Select no further action or signpost")
    return problems


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
            "accept_step_down",
            "accept the step-down from children's social care",
            {State.ENQUIRY_RECEIVED},
            State.AWAITING_ALLOCATION,
            Action.SCREEN,
            _screening_reason,
        ),
        _t(
            "close_without_allocation",
            "close the case without allocating it",
            {State.AWAITING_ALLOCATION},
            State.CLOSED,
            Action.ALLOCATE,
            _closing_without_allocation,
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
            _closure_proposal,
        ),
        _t(
            "return_from_closing",
            "return the case to plan and review",
            {State.CLOSING},
            State.PLAN_AND_REVIEW,
            Action.SIGN_OFF,
            _reason,
        ),
        _t(
            "close",
            "close the case",
            {State.CLOSING},
            State.CLOSED,
            Action.SIGN_OFF,
            _closure_signed_off,
        ),
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

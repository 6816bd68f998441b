"""What a step of the workflow does besides moving the case, and who may not take it.

- guards: a refusal about the person, beyond the action they must be allowed (four
  eyes: the manager who proposed a closure cannot sign it off);
- changes: the case's own fields the step sets from what was entered, before the case
  is saved (the screening outcome, the lead practitioner, the closure reason...);
- effects: what the step leaves behind after the case is saved (the lead
  practitioner's period, the closure proposal and its decision, the end of access
  when the case closes).

The transition table (cases/workflow/table.py) names which of these each step runs;
`case_transition` runs them in order, inside its transaction, and nothing else does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cases.models import (
    Case,
    CaseShare,
    CaseTeamMember,
    CaseType,
    ClosureProposal,
    ClosureStatus,
    LeadPractitionerAssignment,
)
from cases.workflow_states import ClosureReason, ScreeningOutcome, State

OWN_CLOSURE = "Another manager must sign off a closure you proposed"


@dataclass(frozen=True)
class Moment:
    """One step being taken: the case as saved, the state it left, who, when, and what was
    entered with it."""

    case: Case
    previous: str
    actor: Any
    at: dt.datetime
    data: dict[str, Any]


Guard = Callable[[Any, Case], str | None]
Change = Callable[[Case, dict[str, Any]], None]
Effect = Callable[[Moment], None]


def default_case_type() -> CaseType | None:
    return CaseType.objects.filter(is_default=True, is_active=True).first()


def open_closure_proposal(case: Case) -> ClosureProposal | None:
    return ClosureProposal.objects.filter(case=case, status=ClosureStatus.PROPOSED).first()


# ------------------------------------------------------------------ guards


def not_own_closure(user: Any, case: Case) -> str | None:
    """Four eyes: whoever proposed a closure cannot also sign it off, as for assessments.

    Returning it is allowed: that only keeps the case open.
    """
    proposal = open_closure_proposal(case)
    if proposal is not None and proposal.proposed_by_id == user.pk:
        return OWN_CLOSURE
    return None


# ------------------------------------------------------------------ changes


def screened_in(case: Case, data: dict[str, Any]) -> None:
    case.screening_outcome = ScreeningOutcome.EARLY_HELP_ASSESSMENT
    case.screening_reason = data.get("reason", "").strip()


def screened_out(case: Case, data: dict[str, Any]) -> None:
    case.screening_outcome = data["outcome"]
    case.screening_reason = data.get("reason", "").strip()
    case.closure_reason = data["outcome"]


def closed_unallocated(case: Case, data: dict[str, Any]) -> None:
    case.closure_reason = data["outcome"]


def allocated(case: Case, data: dict[str, Any]) -> None:
    if data.get("lead_agency"):
        case.lead_agency = data["lead_agency"]
    if data.get("lead_practitioner"):
        case.lead_practitioner = data["lead_practitioner"]
    if data.get("need_level"):
        case.allocation_level = data["need_level"]
    case.case_type = data.get("case_type") or case.case_type or default_case_type()


def closure_proposed(case: Case, data: dict[str, Any]) -> None:
    case.closure_reason = data["closure_reason"]


def closure_from_proposal(case: Case, data: dict[str, Any]) -> None:
    """The reason and level proposed, unless the manager gives their own."""
    proposal = open_closure_proposal(case)
    if proposal is not None:
        case.closure_reason = proposal.reason
        case.closure_level_id = proposal.closing_level_id
    if data.get("closure_reason"):
        case.closure_reason = data["closure_reason"]
    if data.get("closing_level"):
        case.closure_level = data["closing_level"]


def closure_withdrawn(case: Case, data: dict[str, Any]) -> None:
    case.closure_reason = ""


def stepped_up(case: Case, data: dict[str, Any]) -> None:
    case.closure_reason = ClosureReason.STEPPED_UP
    if data.get("closing_level"):
        case.closure_level = data["closing_level"]


# ------------------------------------------------------------------ effects


def lead_period_starts(m: Moment) -> None:
    case = m.case
    assert case.lead_practitioner is not None and case.lead_agency is not None  # noqa: S101
    LeadPractitionerAssignment.objects.create(
        case=case,
        user=case.lead_practitioner,
        agency=case.lead_agency,
        started_at=m.at,
        reason=(m.data.get("reason") or "").strip() or "Allocated",
        family_preference=(m.data.get("family_preference") or "").strip(),
        assigned_by=m.actor,
    )


def proposal_recorded(m: Moment) -> None:
    data = m.data
    ClosureProposal.objects.create(
        case=m.case,
        reason=data["closure_reason"],
        reason_detail=(data.get("reason") or "").strip(),
        exit_plan=data["exit_plan"].strip(),
        exit_support=data["exit_support"].strip(),
        closing_level=data["closing_level"],
        feedback=data.get("feedback"),
        proposed_by=m.actor,
        proposed_at=m.at,
    )


def _settle_proposal(m: Moment, status: str) -> None:
    if m.previous != State.CLOSING:
        return
    ClosureProposal.objects.filter(case=m.case, status=ClosureStatus.PROPOSED).update(
        status=status,
        decided_by=m.actor,
        decided_at=m.at,
        manager_comments=(m.data.get("reason") or "").strip(),
    )


def proposal_signed_off(m: Moment) -> None:
    _settle_proposal(m, ClosureStatus.SIGNED_OFF)


def proposal_returned(m: Moment) -> None:
    """A closure waiting for sign-off is returned when the case leaves closing otherwise."""
    _settle_proposal(m, ClosureStatus.RETURNED)


def lead_period_ends(m: Moment) -> None:
    LeadPractitionerAssignment.objects.filter(case=m.case, ended_at__isnull=True).update(
        ended_at=m.at,
        ended_by=m.actor,
        end_reason=f"Case closed: {m.case.closure_label.lower()}",
    )


def access_ends(m: Moment) -> None:
    """At closure the Team Around the Family stands down and shares end."""
    on = timezone.localdate(m.at)
    CaseTeamMember.objects.filter(case=m.case, ended_on__isnull=True).update(ended_on=on)
    CaseShare.objects.filter(case=m.case, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_reason="Case closed"
    )


# Every step that closes a case ends the lead practitioner's period and the access of
# the team and of partners the case was shared with.
AT_CLOSURE: tuple[Effect, ...] = (lead_period_ends, access_ends)

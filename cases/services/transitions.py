# mypy: disallow-untyped-defs
"""Moving a case along the workflow: the one service every step goes through, and the
screening and step-down decisions built on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases import timeline
from cases.access import Action, can, require
from cases.audit import audit_record
from cases.codes import ContactSource
from cases.models import (
    Case,
    CaseShare,
    CaseTeamMember,
    CaseTransition,
    CaseType,
    ClosureProposal,
    ClosureStatus,
    Enquiry,
    LeadPractitionerAssignment,
    StepDown,
)
from cases.models.audit import AuditAction
from cases.workflow import TRANSITIONS
from cases.workflow_states import ClosureReason, ScreeningOutcome, State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import User

# --------------------------------------------------------------------------- workflow


def case_transition(
    *,
    actor: User,
    case: Case,
    name: str,
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Move a case along the workflow (cases/workflow.py), or refuse with the reason.

    `expected_version` is the version the actor's page showed: if someone else has
    changed the case since, the change is refused rather than silently overwriting.
    `at` records a decision taken earlier (a meeting's decisions entered the next day,
    or history loaded from a previous system): not in the future, nor before the
    case's last step.
    """
    data = data or {}
    now = timezone.now()
    at = at or now
    if at > now:
        raise ApplicationError("The date of the decision must be today or in the past")
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ApplicationError(f"There is no step called '{name}'")
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentChangeError(
                "Someone else changed this case while you were working on it. "
                "Check the case as it is now and make your change again.",
                {"current_version": locked.version},
            )
        if locked.state not in transition.sources:
            raise ApplicationError(
                f"You cannot {transition.label} while the case is "
                f"'{State(locked.state).label.lower()}'"
            )
        require(actor, transition.action, locked)
        if name == "close":
            _refuse_own_closure(locked, actor)
        problems = transition.problems(locked, data)
        if problems:
            raise ApplicationError(problems[0], {"__all__": problems})
        if at < locked.state_changed_at and at != now:
            raise ApplicationError("The date of the decision cannot be before the case's last step")
        _apply_transition_data(locked, name, data)
        previous = locked.state
        locked.state = transition.target
        locked.state_changed_at = at
        if transition.target == State.CLOSED:
            locked.closed_on = timezone.localdate(at)
            _end_access_at_closure(locked, timezone.localdate(at))
        locked.version += 1
        locked.save()
        _record_transition_facts(locked, name, previous, data, actor, at)
        CaseTransition.objects.create(
            case=locked,
            name=name,
            from_state=previous,
            to_state=transition.target,
            actor=actor,
            reason=(data.get("reason") or "").strip(),
            at=at,
        )
        timeline.event_add(
            case=locked,
            kind="transition",
            actor=actor,
            at=at,
            title=f"{State(transition.target).label}",
            description=(data.get("reason") or "").strip(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            case=locked,
            detail={"transition": name, "from": previous, "to": transition.target},
        )
    return locked


def _apply_transition_data(case: Case, name: str, data: dict[str, Any]) -> None:
    if name in ("accept_for_allocation", "close_at_screening", "accept_step_down"):
        case.screening_outcome = (
            data["outcome"]
            if name == "close_at_screening"
            else ScreeningOutcome.EARLY_HELP_ASSESSMENT
        )
        case.screening_reason = data.get("reason", "").strip()
        if name == "close_at_screening":
            case.closure_reason = data["outcome"]
    if name == "close_without_allocation":
        case.closure_reason = data["outcome"]
    if name == "allocate":
        if data.get("lead_agency"):
            case.lead_agency = data["lead_agency"]
        if data.get("lead_practitioner"):
            case.lead_practitioner = data["lead_practitioner"]
        if data.get("need_level"):
            case.allocation_level = data["need_level"]
        case.case_type = data.get("case_type") or case.case_type or default_case_type()
    if name == "propose_closure":
        case.closure_reason = data["closure_reason"]
    if name == "close":
        proposal = open_closure_proposal(case)
        if proposal is not None:
            case.closure_reason = proposal.reason
            case.closure_level_id = proposal.closing_level_id
        if data.get("closure_reason"):
            case.closure_reason = data["closure_reason"]
        if data.get("closing_level"):
            case.closure_level = data["closing_level"]
    if name == "return_from_closing":
        case.closure_reason = ""
    if name == "step_up":
        case.closure_reason = ClosureReason.STEPPED_UP
        if data.get("closing_level"):
            case.closure_level = data["closing_level"]


OWN_CLOSURE = "Another manager must sign off a closure you proposed"


def _refuse_own_closure(case: Case, actor: User) -> None:
    """Four eyes: whoever proposed a closure cannot also sign it off, as for assessments.

    Returning it is allowed: that only keeps the case open.
    """
    proposal = open_closure_proposal(case)
    if proposal is not None and proposal.proposed_by_id == actor.pk:
        raise ApplicationError(OWN_CLOSURE, {"__all__": [OWN_CLOSURE]})


def default_case_type() -> CaseType | None:
    return CaseType.objects.filter(is_default=True, is_active=True).first()


def open_closure_proposal(case: Case) -> ClosureProposal | None:
    return ClosureProposal.objects.filter(case=case, status=ClosureStatus.PROPOSED).first()


def _record_transition_facts(
    case: Case, name: str, previous: str, data: dict[str, Any], actor: User, at: dt.datetime
) -> None:
    """What a transition leaves behind besides the case's state: the lead practitioner's
    period, the closure proposal and its decision."""
    if name == "allocate":
        assert case.lead_practitioner is not None and case.lead_agency is not None  # noqa: S101
        LeadPractitionerAssignment.objects.create(
            case=case,
            user=case.lead_practitioner,
            agency=case.lead_agency,
            started_at=at,
            reason=(data.get("reason") or "").strip() or "Allocated",
            family_preference=(data.get("family_preference") or "").strip(),
            assigned_by=actor,
        )
    if name == "propose_closure":
        ClosureProposal.objects.create(
            case=case,
            reason=data["closure_reason"],
            reason_detail=(data.get("reason") or "").strip(),
            exit_plan=data["exit_plan"].strip(),
            exit_support=data["exit_support"].strip(),
            closing_level=data["closing_level"],
            feedback=data.get("feedback"),
            proposed_by=actor,
            proposed_at=at,
        )
    elif previous == State.CLOSING:
        ClosureProposal.objects.filter(case=case, status=ClosureStatus.PROPOSED).update(
            status=ClosureStatus.SIGNED_OFF if name == "close" else ClosureStatus.RETURNED,
            decided_by=actor,
            decided_at=at,
            manager_comments=(data.get("reason") or "").strip(),
        )
    if case.state == State.CLOSED:
        LeadPractitionerAssignment.objects.filter(case=case, ended_at__isnull=True).update(
            ended_at=at,
            ended_by=actor,
            end_reason=f"Case closed: {case.closure_label.lower()}",
        )


def _end_access_at_closure(case: Case, on: dt.date) -> None:
    """At closure the Team Around the Family stands down and shares end."""
    CaseTeamMember.objects.filter(case=case, ended_on__isnull=True).update(ended_on=on)
    CaseShare.objects.filter(case=case, ended_at__isnull=True).update(
        ended_at=timezone.now(), ended_reason="Case closed"
    )


def case_screen(
    *,
    actor: User,
    case: Case,
    outcome: str,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Record the front door's screening decision (starting screening if needed)."""
    if outcome not in ScreeningOutcome.values:
        raise ApplicationError(
            "Select the screening decision", {"outcome": ["Select the screening decision"]}
        )
    if not reason.strip():
        raise ApplicationError(
            "Enter the reason for the decision", {"reason": ["Enter the reason for the decision"]}
        )
    with transaction.atomic():
        if case.state == State.ENQUIRY_RECEIVED:
            case = case_transition(
                actor=actor,
                case=case,
                name="start_screening",
                expected_version=expected_version,
                at=at,
            )
            expected_version = case.version
        name = (
            "accept_for_allocation"
            if outcome == ScreeningOutcome.EARLY_HELP_ASSESSMENT
            else "close_at_screening"
        )
        return case_transition(
            actor=actor,
            case=case,
            name=name,
            expected_version=expected_version,
            data={"outcome": outcome, "reason": reason},
            at=at,
        )


@dataclass
class StepDownDetails:
    """A family stepped down from children's social care: their episode's reference."""

    social_care_reference: str
    social_care_closed_on: dt.date | None = None


def case_accept_step_down(
    *,
    actor: User,
    case: Case,
    details: StepDownDetails,
    summary: str,
    at: dt.datetime | None = None,
) -> Case:
    """Take a new enquiry stepped down from social care straight to awaiting allocation.

    The enquiry's contact source becomes 5A (LA services: social care) and the step-down
    is linked to the social care episode's reference; the case goes on the next
    allocation meeting's agenda as a step-down.
    """
    errors: dict[str, list[str]] = {}
    reference = details.social_care_reference.strip()
    if not reference:
        errors["social_care_reference"] = ["Enter the social care episode reference"]
    if details.social_care_closed_on and details.social_care_closed_on > timezone.localdate():
        errors["social_care_closed_on"] = [
            "The date social care closed its episode must be today or in the past"
        ]
    if not summary.strip():
        errors["concerns"] = ["Enter why the family is stepping down and what help they need"]
    if errors:
        raise ApplicationError("Check the step-down details", errors)
    if not can(actor, Action.SCREEN, case):
        raise ApplicationError(
            "You can record a step-down only for a family in a zone or family hub you cover"
        )
    with transaction.atomic():
        Enquiry.objects.filter(case=case).update(contact_source=ContactSource.LA_SOCIAL_CARE)
        StepDown.objects.create(
            case=case,
            social_care_reference=reference,
            social_care_closed_on=details.social_care_closed_on,
            summary=summary.strip(),
            recorded_by=actor,
        )
        return case_transition(
            actor=actor,
            case=case,
            name="accept_step_down",
            data={"reason": f"Stepped down from children's social care ({reference})"},
            at=at,
        )

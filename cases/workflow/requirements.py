"""What a step of the workflow requires of what was entered, as messages for the person.

Each requirement takes the case and the data given with the step and returns the
problems it finds (none when the step may go ahead). They are checked after the
guards (who may take the step), so a message is never shown to someone who could not
take the step anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cases.models import (
    Case,
    ClosureProposal,
    ClosureStatus,
    ConsentDecision,
    ConsentRecord,
    ShareBasis,
)
from cases.workflow_states import ClosureReason, ScreeningOutcome
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


def works_for(user: Any, agency: Any) -> bool:
    """The person holds a casework role in the agency today (so they can see its cases)."""
    return (
        Membership.objects.active()
        .filter(user_id=user.pk, agency_id=agency.pk, role__in=CASEWORK_ROLES)
        .exists()
    )


def is_service_account(user: Any) -> bool:
    """The user an agency system's API token acts as: it never leads a family."""
    from partners.models import ApiToken

    return ApiToken.objects.filter(user_id=user.pk).exists()


def lead_refusal(user: Any, agency: Any) -> str | None:
    """Why `user` may not lead a family for `agency`, or None when they may: the agency
    must be one that leads cases (`Agency.may_lead_cases`), the person an active member
    of it in a casework role, and a person rather than an agency system's account."""
    if not agency.may_lead_cases:
        return (
            f"{agency.name} does not lead cases: choose a lead practitioner in an agency that does"
        )
    if not user.is_active or is_service_account(user):
        return f"{user.full_name} cannot lead a family: select a practitioner"
    if not works_for(user, agency):
        return f"Select a lead practitioner who works for {agency}"
    return None


def screening_reason(case: Case, data: dict[str, Any]) -> list[str]:
    return [] if (data.get("reason") or "").strip() else ["Enter the reason for the decision"]


def screened_for_closure(case: Case, data: dict[str, Any]) -> list[str]:
    problems = screening_reason(case, data)
    if data.get("outcome") not in CLOSING_OUTCOMES:
        problems.insert(0, "Select what should happen instead of an early help assessment")
    return problems


def allocation(case: Case, data: dict[str, Any]) -> list[str]:
    problems = []
    agency = data.get("lead_agency") or case.lead_agency
    lead = data.get("lead_practitioner") or case.lead_practitioner
    if not agency:
        problems.append("Select the lead agency")
    if not lead:
        problems.append("Select the lead practitioner")
    elif agency and (refused := lead_refusal(lead, agency)):
        problems.append(refused)
    if not (data.get("need_level") or case.allocation_level_id):
        problems.append("Select the family's level of need at allocation")
    if not has_consent_or_lawful_basis(case):
        problems.append(
            "Record the family's consent, or a lawful basis for working without it, "
            "before allocating"
        )
    return problems


def closure_proposal(case: Case, data: dict[str, Any]) -> list[str]:
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


def closure_signed_off(case: Case, data: dict[str, Any]) -> list[str]:
    """A proposal (reason, exit plan, closing level) waits for sign-off, or they are given."""
    if ClosureProposal.objects.filter(case=case, status=ClosureStatus.PROPOSED).exists():
        return []
    if data.get("closure_reason") and data.get("closing_level") and data.get("exit_plan"):
        return []
    return ["There is no closure proposal to sign off: the lead practitioner proposes closure"]


def closing_without_allocation(case: Case, data: dict[str, Any]) -> list[str]:
    problems = screening_reason(case, data)
    if data.get("outcome") not in (ScreeningOutcome.NO_FURTHER_ACTION, ScreeningOutcome.SIGNPOST):
        problems.insert(0, "Select no further action or signpost")
    return problems


def reasons(case: Case, data: dict[str, Any]) -> list[str]:
    return [] if (data.get("reason") or "").strip() else ["Enter the reasons"]

# mypy: disallow-untyped-defs
"""Reads of an allocated case's journey (its lead practitioners, step-down, step-across,
closure and the family's feedback) and, for referrers, what became of their enquiries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from cases.access import visible_cases
from cases.capabilities import ENQUIRY_ROLES
from cases.models import (
    Case,
    CaseTransition,
    ClosureProposal,
    ClosureStatus,
    Enquiry,
    FamilyFeedback,
    LeadPractitionerAssignment,
    StepAcross,
    StepDown,
)
from cases.workflow_states import CLOSURE_LABELS, FRONT_DOOR_STATES, ScreeningOutcome, State
from partners.selectors import user_agency_ids, user_has_any_role


def lead_history(*, case: Case) -> QuerySet[LeadPractitionerAssignment]:
    """Who has led the case, for which agency, from when until when and why."""
    return (
        LeadPractitionerAssignment.objects.filter(case=case)
        .select_related("user", "agency", "assigned_by", "ended_by")
        .order_by("started_at", "id")
    )


@dataclass(frozen=True)
class CaseJourney:
    lead_history: list[LeadPractitionerAssignment]
    step_down: StepDown | None
    steps_across: list[StepAcross]
    closure: ClosureProposal | None  # the latest proposal, whatever became of it
    step_up: CaseTransition | None
    feedback: list[FamilyFeedback]

    @property
    def awaiting_sign_off(self) -> bool:
        return self.closure is not None and self.closure.status == ClosureStatus.PROPOSED


def case_journey(*, case: Case) -> CaseJourney:
    """What the case summary shows of the journey, in a fixed number of queries."""
    closure = (
        ClosureProposal.objects.filter(case=case)
        .select_related("closing_level", "feedback", "proposed_by", "decided_by")
        .order_by("-proposed_at", "-id")
        .first()
    )
    step_up = (
        CaseTransition.objects.filter(case=case, name="step_up").select_related("actor").first()
        if case.state == State.CLOSED
        else None
    )
    return CaseJourney(
        lead_history=list(lead_history(case=case)),
        step_down=StepDown.objects.filter(case=case).first(),
        steps_across=list(
            StepAcross.objects.filter(case=case)
            .select_related("team_member__user", "team_member__agency", "recorded_by")
            .order_by("stepped_across_on", "id")
        ),
        closure=closure,
        step_up=step_up,
        feedback=list(
            FamilyFeedback.objects.filter(case=case)
            .select_related("lead_practitioner", "recorded_by")
            .order_by("given_on", "id")
        ),
    )


def closure_proposals(*, case: Case) -> list[ClosureProposal]:
    """Every proposal to close the case, oldest first: the one signed off (its reason,
    exit plan, where the family can get help, closing level and the family's feedback)
    and any returned before it. The case audit PDF prints them; the case row keeps only
    the reason and the level, so the exit plan is read from here."""
    return list(
        ClosureProposal.objects.filter(case=case)
        .select_related("closing_level", "feedback", "proposed_by", "decided_by")
        .order_by("proposed_at", "id")
    )


def earlier_case_if_visible(*, user: Any, case: Case) -> Case | None:
    """The case this re-referral follows, when the user may see it."""
    if not case.rereferral_of_id:
        return None
    return visible_cases(user).filter(pk=case.rereferral_of_id).first()


# --------------------------------------------------------------------------- referrers


def outcome_for_referrer(case: Case) -> str:
    """What became of an enquiry, in words a referrer may be told."""
    if case.state in FRONT_DOOR_STATES:
        return "Waiting for screening"
    if case.state == State.AWAITING_ALLOCATION:
        return "Accepted for early help: waiting for a lead practitioner"
    if case.state == State.CLOSED:
        if (
            case.screening_outcome
            and case.screening_outcome != ScreeningOutcome.EARLY_HELP_ASSESSMENT
        ):
            return f"Closed at screening: {CLOSURE_LABELS.get(case.closure_reason, '').lower()}"
        return f"Closed: {CLOSURE_LABELS.get(case.closure_reason, 'closed').lower()}"
    return "Allocated: early help under way"


REFERRER_ORDERS = {
    "newest": ["-received_at", "-id"],
    "oldest": ["received_at", "id"],
}


def referrer_enquiries(
    *, user: Any, mine_only: bool = False, order: str = "newest"
) -> QuerySet[Enquiry]:
    """Enquiries raised by the user or their agencies, with what became of them.

    Only the outcome is shown (screening decision and reasons, the lead agency, the
    closure outcome): `case_visible` says whether the case itself may be opened.
    """
    if not user_has_any_role(user=user, roles=ENQUIRY_ROLES):
        return Enquiry.objects.none()  # a strategic lead's agency's enquiries are not theirs
    agencies = user_agency_ids(user=user, roles=ENQUIRY_ROLES)
    raised = Q(raised_by_id=user.pk) | Q(raised_by_agency_id__in=agencies)
    enquiries = Enquiry.objects.filter(raised)
    if mine_only:
        enquiries = enquiries.filter(raised_by_id=user.pk)
    return (
        enquiries.select_related(
            "case", "case__family", "case__lead_agency", "raised_by", "raised_by_agency"
        )
        .annotate(case_visible=Exists(visible_cases(user).filter(pk=OuterRef("case_id"))))
        .order_by(*REFERRER_ORDERS.get(order, REFERRER_ORDERS["newest"]))
    )

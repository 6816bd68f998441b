"""The states of a case. The transitions between them are in cases/workflow/."""

from django.db import models


class State(models.TextChoices):
    ENQUIRY_RECEIVED = "enquiry_received", "Enquiry received"
    SCREENING = "screening", "Screening"
    AWAITING_ALLOCATION = "awaiting_allocation", "Awaiting allocation"
    ALLOCATED = "allocated", "Allocated"
    ASSESSMENT = "assessment", "Assessment"
    PLAN_AND_REVIEW = "plan_and_review", "Plan and review"
    CLOSING = "closing", "Closing"
    CLOSED = "closed", "Closed"


OPEN_STATES = frozenset(set(State) - {State.CLOSED})
FRONT_DOOR_STATES = frozenset({State.ENQUIRY_RECEIVED, State.SCREENING})


class ScreeningOutcome(models.TextChoices):
    EARLY_HELP_ASSESSMENT = "early_help_assessment", "Early help assessment"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOST = "signpost", "Signpost to other services"
    SINGLE_AGENCY = "single_agency", "Single-agency support"
    STEP_UP = "step_up", "Step up to children's social care"


class ClosureReason(models.TextChoices):
    """Why an allocated case closed (closures at the front door keep the screening outcome)."""

    NEEDS_MET = "needs_met", "Needs met"
    FAMILY_DECLINED = "family_declined", "The family declined further help"
    MOVED_AWAY = "moved_away", "The family moved away"
    STEPPED_UP = "stepped_up", "Stepped up to children's social care"
    OTHER = "other", "Other"


# Outcomes of a case, as referrers and reports name them: closure reasons and the
# front door's closing decisions.
CLOSURE_LABELS: dict[str, str] = {
    **dict(ClosureReason.choices),
    ScreeningOutcome.NO_FURTHER_ACTION: "No further action",
    ScreeningOutcome.SIGNPOST: "Signposted to other services",
    ScreeningOutcome.SINGLE_AGENCY: "Single-agency support",
    ScreeningOutcome.STEP_UP: "Stepped up to children's social care",
}

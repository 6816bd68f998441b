"""The states of a case. The transitions between them are in cases/workflow.py."""

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

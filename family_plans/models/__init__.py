"""Family plans app models, one module per concern; import them from here."""

from family_plans.models.meetings import (
    Attendance,
    FamilyNetworkMeeting,
    InviteeKind,
    MeetingInvitee,
    MeetingStatus,
    NetworkMember,
    NetworkRelationship,
    OfferResponse,
    TafMeeting,
)
from family_plans.models.plans import (
    OPEN_ACTION_STATUSES,
    ActionProgress,
    ActionStatus,
    FamilyPlan,
    OutcomeStatus,
    OwnerKind,
    PlanAction,
    PlanOutcome,
    PlanReview,
    PlanStatus,
    PlanVersion,
)
from family_plans.models.reminders import ReminderKind, ReminderSent
from family_plans.models.settings import PlanSettings

__all__ = [
    "OPEN_ACTION_STATUSES",
    "ActionProgress",
    "ActionStatus",
    "Attendance",
    "FamilyNetworkMeeting",
    "FamilyPlan",
    "InviteeKind",
    "MeetingInvitee",
    "MeetingStatus",
    "NetworkMember",
    "NetworkRelationship",
    "OfferResponse",
    "OutcomeStatus",
    "OwnerKind",
    "PlanAction",
    "PlanOutcome",
    "PlanReview",
    "PlanSettings",
    "PlanStatus",
    "PlanVersion",
    "ReminderKind",
    "ReminderSent",
    "TafMeeting",
]

"""Every write to family plans, reviews, TAF meetings and family network meetings.

Each service takes the acting user, checks permission through cases.access, changes
data in one transaction, appends to the case chronology where the case shows it and
writes its audit entry last. Views, tasks, the demo builder and any future API call
these; nothing else saves these models.

Permissions: the lead practitioner's work (Action.WORK) writes the plan, agrees it,
reviews it and arranges and minutes meetings; anyone on the case who may add notes
(Action.ADD_NOTE) may update the progress of an action they own (their own, or their
agency's), as partners delivering part of the plan do.

Optimistic locking: each page posts back the version it showed (of the plan, an
outcome, an action or a meeting); a change made from a stale page raises
ConcurrentChangeError rather than overwrite what someone else saved.

Emails (notifications, calendar invitations) are written to the outbox in the same
transaction (earlyhelp/outbox.py), so they go if and only if the change commits.
"""

from __future__ import annotations

from family_plans.services.actions import ActionDetails, action_update, actions_add
from family_plans.services.common import (
    ACTION_KIND,
    INVITATIONS_TASK,
    MEETING_KIND,
    MEETING_STATES,
    PLAN_KIND,
    PLAN_STATES,
    Owner,
)
from family_plans.services.history import (
    HistoryAction,
    HistoryMeeting,
    PlanHistory,
    family_plan_record_history,
)
from family_plans.services.invitations import taf_meeting_calendar, taf_meeting_invitations_deliver
from family_plans.services.meeting_records import (
    ActionChange,
    MeetingRecord,
    NewAction,
    taf_meeting_plan_changes_apply,
    taf_meeting_record,
)
from family_plans.services.meetings import (
    MeetingDetails,
    OtherInvitee,
    taf_meeting_cancel,
    taf_meeting_schedule,
    taf_meeting_update,
)
from family_plans.services.network import (
    NetworkMeetingDetails,
    NetworkPerson,
    network_meeting_save,
)
from family_plans.services.plans import (
    OutcomeDetails,
    outcome_add,
    outcome_update,
    plan_agree,
    plan_start,
)
from family_plans.services.reviews import (
    ActionUpdate,
    ReviewDetails,
    ReviewFeedback,
    family_plan_review_record,
)

__all__ = [
    "ACTION_KIND",
    "INVITATIONS_TASK",
    "MEETING_KIND",
    "MEETING_STATES",
    "PLAN_KIND",
    "PLAN_STATES",
    "ActionChange",
    "ActionDetails",
    "ActionUpdate",
    "HistoryAction",
    "HistoryMeeting",
    "MeetingDetails",
    "MeetingRecord",
    "NetworkMeetingDetails",
    "NetworkPerson",
    "NewAction",
    "OtherInvitee",
    "OutcomeDetails",
    "Owner",
    "PlanHistory",
    "ReviewDetails",
    "ReviewFeedback",
    "action_update",
    "actions_add",
    "family_plan_record_history",
    "family_plan_review_record",
    "network_meeting_save",
    "outcome_add",
    "outcome_update",
    "plan_agree",
    "plan_start",
    "taf_meeting_calendar",
    "taf_meeting_cancel",
    "taf_meeting_invitations_deliver",
    "taf_meeting_plan_changes_apply",
    "taf_meeting_record",
    "taf_meeting_schedule",
    "taf_meeting_update",
]

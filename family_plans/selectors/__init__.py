"""Reads about family plans, reviews, TAF meetings and family network meetings.

Page selectors take a case the caller fetched through cases.access.access_case (so it
is visible to the user) and read only that case's rows, in a fixed number of queries
whatever the number of outcomes, actions, reviews or meetings.

Other apps build on for_others: reporting (the first TAF meeting per case for
scorecard P1d, the share of plans with the child's wishes and feelings for Q4, reviews
without progress for drift), case PDFs and the API (`plan_with_actions`).

One module per part: plan (the plan page and its rows), meetings (TAF and family
network meetings and who to invite), for_others (what reporting and other apps read),
case_pdf, api_lists; plan_settings holds the review interval and id parsing they share.
Import them from here: `from family_plans import selectors`.
"""

from family_plans.selectors.api_lists import plan_actions, taf_meetings
from family_plans.selectors.case_pdf import (
    MeetingForPdf,
    PlanAndMeetingsForPdf,
    PlanForPdf,
    case_pdf_context,
)
from family_plans.selectors.for_others import (
    Drift,
    Share,
    child_voice_share,
    first_taf_meeting_dates,
    first_taf_meeting_subquery,
    overdue_actions,
    review_showed_progress,
    reviews_without_progress,
)
from family_plans.selectors.meetings import (
    InviteeChoice,
    MeetingsPage,
    invitee_choices,
    invitee_key,
    meeting_outcomes,
    meetings_page,
    network_meeting_for,
    people_by_id,
    taf_meeting_for,
    users_by_id,
)
from family_plans.selectors.plan import (
    ChildVoice,
    ChildVoices,
    PlanPage,
    ProblemChoice,
    action_for,
    active_outcomes,
    child_voices,
    need_choices,
    open_actions,
    outcome_for,
    owner_choices,
    owns_action,
    plan_for_case,
    plan_page,
    plan_version_for,
    plan_with_actions,
    problem_choices,
    review_feedback,
    review_for,
)
from family_plans.selectors.plan_settings import default_next_review, plan_settings

__all__ = [
    "ChildVoice",
    "ChildVoices",
    "Drift",
    "InviteeChoice",
    "MeetingForPdf",
    "MeetingsPage",
    "PlanAndMeetingsForPdf",
    "PlanForPdf",
    "PlanPage",
    "ProblemChoice",
    "Share",
    "action_for",
    "active_outcomes",
    "case_pdf_context",
    "child_voice_share",
    "child_voices",
    "default_next_review",
    "first_taf_meeting_dates",
    "first_taf_meeting_subquery",
    "invitee_choices",
    "invitee_key",
    "meeting_outcomes",
    "meetings_page",
    "need_choices",
    "network_meeting_for",
    "open_actions",
    "outcome_for",
    "overdue_actions",
    "owner_choices",
    "owns_action",
    "people_by_id",
    "plan_actions",
    "plan_for_case",
    "plan_page",
    "plan_settings",
    "plan_version_for",
    "plan_with_actions",
    "problem_choices",
    "review_feedback",
    "review_for",
    "review_showed_progress",
    "reviews_without_progress",
    "taf_meeting_for",
    "taf_meetings",
    "users_by_id",
]

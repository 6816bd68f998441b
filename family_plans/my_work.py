# mypy: disallow-untyped-defs
"""What family plans add to "My work" (cases.my_work): plan reviews, actions overdue and
Team Around the Family meetings, for the people the daily reminders go to.

The list keeps what a reminder nudged about until it is done, so each source uses the
reminder's own rule and timings (family_plans/reminders.py, PlanSettings):

- plan reviews (lead practitioner): a review date within the notice period with no
  meeting arranged before it ("arrange a meeting"), or a review date that has passed;
- actions overdue: open actions past their due date, to the owner (the named worker, or
  the owning agency's named people on the Team Around the Family) and to the lead
  practitioner, who follows up actions owned by others and by the family;
- TAF meetings: a scheduled meeting within the meeting notice period for everyone
  invited who works on the case and the lead practitioner; a meeting that has been and
  is still not recorded for the lead practitioner and the organiser, overdue from the
  day after.

Each source is scoped by cases.access.visible_case_ids (the cases of `visible_cases`,
as a kept sub-query) and reads in a fixed number of queries (the settings row, then one
query of rows with their case and family joined), whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from cases import my_work
from cases.access import visible_case_ids
from cases.models import CaseTeamMember
from cases.workflow_states import State
from earlyhelp.templatetags.govuk import govuk_time
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    MeetingInvitee,
    MeetingStatus,
    OwnerKind,
    PlanAction,
    PlanSettings,
    TafMeeting,
)
from family_plans.selectors.reviews_due import REVIEW_STATES, plans_due_for_review, review_overdue
from partners.models import User

PLAN_REVIEW = "plan_review"
PLAN_ACTION = "plan_action"
TAF_MEETING = "taf_meeting"

# The states in which the reminders of each kind are sent (family_plans/reminders.py);
# plan reviews: REVIEW_STATES of family_plans/selectors/reviews_due.py.
ACTION_STATES = (State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING)
MEETING_STATES = (State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING)

# What the page shows of a work item's case: its family's name, its reference and link
# (the case's own columns). Nothing more is joined: each row joined is read and built
# for every item of the list.
_CASE_RELATED = ("family",)


def _related(path: str) -> list[str]:
    return [path] + [f"{path}__{name}" for name in _CASE_RELATED]


def _visible(user: User, states: Iterable[str]) -> Any:
    """The ids of the cases in `states` the user may see, for an IN sub-query: compiled
    once a day and kept (`visible_case_ids`), as three lists here filter by it."""
    return visible_case_ids(user, states=sorted(states))


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B}"


# ------------------------------------------------------------------ plan reviews


def plan_review_items(user: User) -> Iterable[my_work.WorkItem]:
    """Agreed plans of the cases the user leads whose review is overdue, or due within
    the notice period with no Team Around the Family meeting arranged for it."""
    today = timezone.localdate()
    plans = (
        plans_due_for_review(today=today, notice_days=PlanSettings.current().review_notice_days)
        .filter(case__lead_practitioner_id=user.pk, case__in=_visible(user, REVIEW_STATES))
        .select_related(*_related("case"))
    )
    for plan in plans:
        due = plan.next_review_on
        assert due is not None  # noqa: S101 - filtered above
        case_id = plan.case_id
        if review_overdue(plan, today):
            what, url = "Review the plan", reverse("plan-review-new", kwargs={"case_id": case_id})
        else:
            what = "Arrange a Team Around the Family meeting to review the plan"
            url = reverse("taf-meeting-new", kwargs={"case_id": case_id})
        yield my_work.WorkItem(plan.case, PLAN_REVIEW, what, due, url)


# ------------------------------------------------------------------ actions


# What an overdue action's item is made of: its case's columns the page shows, and the
# owner's name the lead practitioner follows it up with (`PlanAction.owner_label`). A
# lead has dozens of such actions, each joined to five rows: the other columns of those
# rows were most of the time the list took to build.
_ACTION_SHOWN = (
    *("number", "what", "due_on", "owner_kind"),
    *("plan__case__reference", "plan__case__lead_practitioner_id", "plan__case__family__name"),
    *("owner_user__full_name", "owner_agency__name"),
    *("owner_person__given_names", "owner_person__family_name"),
)


def plan_action_items(user: User) -> Iterable[my_work.WorkItem]:
    """Open actions past their due date that the user owns (or their agency owns and they
    are named on the team for), or that are on a plan of a case they lead."""
    today = timezone.localdate()
    open_overdue = PlanAction.objects.filter(
        status__in=list(OPEN_ACTION_STATUSES), due_on__lt=today
    )
    # Three narrow reads joined by UNION, each by its own index (the owner; the team
    # memberships of the user; the cases the user leads), rather than one OR that would
    # read every open overdue action of the partnership.
    owned = open_overdue.filter(owner_kind=OwnerKind.WORKER, owner_user_id=user.pk)
    for_agency = open_overdue.filter(
        Exists(
            CaseTeamMember.objects.current(on=today).filter(
                case=OuterRef("plan__case"), agency=OuterRef("owner_agency"), user_id=user.pk
            )
        ),
        owner_kind=OwnerKind.AGENCY,
        plan__case__in=CaseTeamMember.objects.current(on=today)
        .filter(user_id=user.pk)
        .values("case_id"),
    )
    led = open_overdue.filter(plan__case__lead_practitioner_id=user.pk)
    # Read first (one query): as a literal list the planner reads the actions by key.
    mine = list(
        owned.values_list("pk", flat=True).union(
            for_agency.values_list("pk", flat=True), led.values_list("pk", flat=True)
        )
    )
    actions = (
        PlanAction.objects.filter(
            pk__in=mine,
            plan__case__in=_visible(user, ACTION_STATES),
        )
        .select_related(*_related("plan__case"), "owner_user", "owner_agency", "owner_person")
        .only(*_ACTION_SHOWN)
        .order_by("due_on", "number")
    )
    for action in actions:
        case = action.plan.case
        own = action.owner_kind == OwnerKind.WORKER and action.owner_user_id == user.pk
        if own or case.lead_practitioner_id != user.pk:  # theirs, or their agency's
            what = f"Do action {action.number}: {_short(action.what)}"
        else:  # the lead practitioner follows up what others (or the family) own
            what = f"Follow up action {action.number} with {action.owner_label}"
        url = reverse("plan-action-edit", kwargs={"case_id": case.pk, "action_id": action.pk})
        yield my_work.WorkItem(case, PLAN_ACTION, what, action.due_on, url)


# ------------------------------------------------------------------ meetings


def taf_meeting_items(user: User) -> Iterable[my_work.WorkItem]:
    """Scheduled TAF meetings coming up within the meeting notice period that the user is
    invited to or leads the case of, and meetings that have been but are not recorded
    (for the lead practitioner and the organiser)."""
    now = timezone.now()
    today = timezone.localdate()
    last = today + dt.timedelta(days=PlanSettings.current().meeting_notice_days)
    invited = Exists(
        MeetingInvitee.objects.filter(
            meeting=OuterRef("pk"), user_id=user.pk, removed_at__isnull=True
        )
    )
    leads = Q(case__lead_practitioner_id=user.pk)
    coming = Q(starts_at__gte=now, starts_at__date__lte=last) & (leads | Q(invited))
    unrecorded = Q(starts_at__lt=now) & (leads | Q(organiser_id=user.pk))
    meetings = (
        TafMeeting.objects.filter(
            coming | unrecorded,
            status=MeetingStatus.SCHEDULED,
            case__in=_visible(user, MEETING_STATES),
        )
        .select_related(*_related("case"))
        .order_by("starts_at", "id")
    )
    for meeting in meetings:
        starts = timezone.localtime(meeting.starts_at)
        ids = {"case_id": meeting.case_id, "meeting_id": meeting.pk}
        if meeting.starts_at < now:
            what = f"Record the Team Around the Family meeting of {_day(starts.date())}"
            url = reverse("taf-meeting-record", kwargs=ids)
        else:
            what = f"Team Around the Family meeting at {govuk_time(starts)}"
            url = reverse("taf-meeting", kwargs=ids)
        yield my_work.WorkItem(meeting.case, TAF_MEETING, what, starts.date(), url)


def register() -> None:
    """Add family plans' work to "My work" (called from FamilyPlansConfig.ready)."""
    my_work.register(my_work.WorkSource(PLAN_REVIEW, "Plan reviews due", plan_review_items))
    my_work.register(my_work.WorkSource(PLAN_ACTION, "Plan actions overdue", plan_action_items))
    my_work.register(
        my_work.WorkSource(TAF_MEETING, "Team Around the Family meetings", taf_meeting_items)
    )

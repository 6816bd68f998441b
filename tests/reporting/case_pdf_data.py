"""A demo-like case for the case audit PDF tests and benchmark (synthetic data only).

Built through the services, the way a case is worked: the family's assessment signed
off, Outcome Star readings at the start and at a review, a family plan with actions in
every status, a Team Around the Family meeting held and minuted (reviewing the plan and
agreeing a change to it), hundreds of case notes (one restricted to its author, one
with a long pasted link), and closure with an exit plan signed off by a manager.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from assessments.services import star_reading_record
from cases.models import Case, NoteVisibility
from cases.services import case_closure_propose, case_closure_sign_off, note_add
from cases.workflow_states import State
from family_plans import services as plan_services
from family_plans.models import ActionStatus, Attendance
from family_plans.services import (
    ActionChange,
    ActionUpdate,
    MeetingRecord,
    NewAction,
    ReviewDetails,
)
from partners.models import User
from tests.assessments.factories import default_star, star_scales
from tests.cases.places import level
from tests.family_plans.factories import action, agreed_plan, days, meeting_details, planned_case

EXIT_PLAN = "Keep the bedtime routine going; Parent1 phones the school each Monday about the week."
EXIT_SUPPORT = "Family hub drop-in on Tuesdays; the front door if things get worse again."
RESTRICTED_TEXT = "Restricted disclosure that only its author may read."
LONG_URL = "https://www.example.org/support/" + "parenting-courses-and-groups-near-you-" * 6 + "x"
MINUTES = "Everyone agreed attendance has improved since the breakfast club place began."
DROPPED_REASON = "The family found a closer group themselves."


@dataclass
class DemoCase:
    case: Case
    worker: User  # the lead practitioner, author of the restricted note
    manager: User  # covers the case's zone: may export it, is not named on the note


def _star_reading(
    case: Case, worker: User, present: list[object], *, on: dt.date, base: int, occasion: str
) -> None:
    scales = star_scales()
    star_reading_record(
        actor=worker,
        case=case,
        star_type=default_star(),
        taken_on=on,
        occasion=occasion,
        way="joint",
        scores={scale.pk: min(10, base + n % 3) for n, scale in enumerate(scales)},
        present=present,  # type: ignore[arg-type]
    )


def demo_like_case(*, notes: int = 300, closed: bool = True) -> DemoCase:
    """A case worked from assessment to closure, with `notes` routine notes besides the
    restricted one and the one with a long link."""
    pc = planned_case(children=2, adults=1, opened_days_ago=notes + 40)
    case, worker = pc.case, pc.worker
    start = timezone.localdate() - dt.timedelta(days=notes + 30)
    _star_reading(
        case, worker, pc.adults, on=start + dt.timedelta(days=5), base=3, occasion="start"
    )
    _star_reading(
        case,
        worker,
        pc.adults,
        on=timezone.localdate() - dt.timedelta(days=3),
        base=6,
        occasion="review",
    )

    plan = agreed_plan(pc, actions=2, outcomes=2)
    first, second, third, fourth = plan.actions.order_by("number")
    meeting = plan_services.taf_meeting_schedule(
        actor=worker, case=case, details=meeting_details(pc, in_days=-1)
    )
    attendance = {i.pk: Attendance.ATTENDED for i in meeting.invitees.all()}
    plan_services.taf_meeting_record(
        actor=worker,
        meeting=meeting,
        expected_version=meeting.version,
        record=MeetingRecord(
            attendance=attendance,
            minutes=MINUTES,
            family_views="Mum says the mornings are calmer and she feels listened to.",
            child_views="Child1: 'I like breakfast club because my friends are there.'",
            decisions="Carry on with breakfast club; the school nurse to see Child2.",
            review=ReviewDetails(
                reviewed_on=None,
                progress_made=True,
                note="Attendance up from 78% to 91% this half term.",
                updates=[
                    ActionUpdate(first.pk, ActionStatus.DONE, "Place started in week 2."),
                    ActionUpdate(second.pk, ActionStatus.IN_PROGRESS, "Two sessions so far."),
                    ActionUpdate(third.pk, ActionStatus.DROPPED, "", dropped_reason=DROPPED_REASON),
                ],
            ),
        ),
    )
    meeting.refresh_from_db()
    plan.refresh_from_db()
    plan.case = case
    outcome = plan.outcomes.order_by("number").first()
    assert outcome is not None
    plan_services.taf_meeting_plan_changes_apply(
        actor=worker,
        meeting=meeting,
        expected_plan_version=plan.version,
        changes=[
            ActionChange(fourth.pk, days(40), fourth.owner_key, ActionStatus.NOT_STARTED),
        ],
        new_actions=[
            NewAction(outcome.pk, action(f"family:{pc.adults[0].pk}", "Visit the library"))
        ],
        summary="The fourth action is given more time; a library visit is added.",
    )

    for n in range(notes):
        note_add(
            actor=worker,
            case=case,
            note_type="visit",
            contact_date=start + dt.timedelta(days=n),
            text=f"Routine visit number {n}: talked through the morning routine with mum; the "
            "children were settled and school attendance is improving week on week.",
        )
    note_add(
        actor=worker,
        case=case,
        note_type="call",
        contact_date=start + dt.timedelta(days=notes // 2),
        text=f"Sent mum the link to the local courses: {LONG_URL}",
    )
    note_add(
        actor=worker,
        case=case,
        note_type="call",
        contact_date=timezone.localdate(),
        text=RESTRICTED_TEXT,
        visibility=NoteVisibility.RESTRICTED,
    )
    if closed:
        case.refresh_from_db()
        case_closure_propose(
            actor=worker,
            case=case,
            reason="needs_met",
            exit_plan=EXIT_PLAN,
            exit_support=EXIT_SUPPORT,
            closing_level=level(2),
            timely_and_helpful=True,
            feedback_comments="Having one person to call made the difference.",
        )
        case.refresh_from_db()
        case_closure_sign_off(actor=pc.manager, case=case, comments="Needs met; a good exit plan.")
        case.refresh_from_db()
        assert case.state == State.CLOSED
    return DemoCase(case=case, worker=worker, manager=pc.manager)

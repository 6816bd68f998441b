"""Team Around the Family meetings through their services: invitations by email with a
calendar file (REQUEST, a stable UID, SEQUENCE up on every change, CANCEL), attendance,
minutes, the review held at the meeting and the plan changes agreed at it."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from cases.models import ChronologyEntry
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.models import OutboxMessage
from family_plans import selectors, services
from family_plans.models import (
    ActionStatus,
    Attendance,
    InviteeKind,
    MeetingStatus,
    PlanReview,
    PlanVersion,
)
from family_plans.services import (
    ActionChange,
    ActionUpdate,
    MeetingRecord,
    NewAction,
    OtherInvitee,
    ReviewDetails,
)
from partners.models import Notification, NotificationPreference
from tests.family_plans.factories import (
    action,
    agreed_plan,
    days,
    meeting_details,
    planned_case,
)

pytestmark = pytest.mark.django_db


def deliver(meeting) -> int:
    """What the invitations task does (it runs from the outbox after commit)."""
    return services.taf_meeting_invitations_deliver(meeting_id=meeting.pk)


def calendar_of(message) -> Calendar:
    [attachment] = message.attachments
    return Calendar.from_ical(attachment[1])  # (filename, content, mimetype)


def test_arranging_a_meeting_invites_the_team_and_emails_a_calendar_invitation():
    pc = planned_case()
    details = meeting_details(
        pc, others=[OtherInvitee("Sam Patel", "Housing officer", "Sam.Patel@housing.example")]
    )
    meeting = services.taf_meeting_schedule(actor=pc.worker, case=pc.case, details=details)

    invitees = {i.name: i for i in meeting.invitees.all()}
    assert {i.kind for i in invitees.values()} == {
        InviteeKind.WORKER,
        InviteeKind.FAMILY,
        InviteeKind.OTHER,
    }
    assert invitees["Sam Patel"].email == "sam.patel@housing.example"
    # The invitation goes through the outbox, written with the meeting.
    assert OutboxMessage.objects.filter(
        task="family_plans.tasks.taf_meeting_invitations_send", args=[meeting.pk]
    ).exists()
    # The school's worker is told in the service; the organiser is not told of their own.
    assert Notification.objects.filter(recipient=pc.school_worker, kind="meeting_invitation")
    assert not Notification.objects.filter(recipient=pc.worker, kind="meeting_invitation")

    sent = deliver(meeting)

    # Workers and the housing officer have addresses; the family member is invited in person.
    assert sent == 3
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([pc.worker.email, pc.school_worker.email, "sam.patel@housing.example"])
    message = next(m for m in mail.outbox if m.to == ["sam.patel@housing.example"])
    assert message.subject.startswith("Invitation: Team Around the Family meeting")
    assert pc.case.family.name not in message.body
    calendar = calendar_of(message)
    [event] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == meeting.uid
    assert int(event["SEQUENCE"]) == 0
    assert str(event["ATTENDEE"]) == "mailto:sam.patel@housing.example"  # only them
    assert event.decoded("dtstart") == meeting.starts_at
    assert ChronologyEntry.objects.filter(case=pc.case, title__startswith="TAF meeting arranged")


def test_delivering_twice_sends_nothing_more():
    pc = planned_case()
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    assert deliver(meeting) == 2
    assert deliver(meeting) == 0
    assert len(mail.outbox) == 2


def test_moving_the_meeting_sends_the_same_event_with_a_higher_sequence():
    pc = planned_case()
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    deliver(meeting)
    mail.outbox.clear()

    moved = services.taf_meeting_update(
        actor=pc.worker,
        meeting=meeting,
        expected_version=meeting.version,
        details=meeting_details(pc, in_days=8, hour=14),
    )
    assert moved.sequence == 1
    assert deliver(moved) == 2
    for message in mail.outbox:
        assert message.subject.startswith("Changed:")
        [event] = calendar_of(message).walk("VEVENT")
        assert str(event["UID"]) == meeting.uid
        assert int(event["SEQUENCE"]) == 1
        assert timezone.localtime(event.decoded("dtstart")).hour == 14


def test_someone_taken_off_the_list_gets_a_cancellation_and_someone_added_an_invitation():
    pc = planned_case()
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    deliver(meeting)
    mail.outbox.clear()
    details = meeting_details(pc, others=[OtherInvitee("Ruth Kay", "Youth worker", "rk@y.example")])
    details.invite = [k for k in details.invite if k != f"worker:{pc.school_worker.pk}"]

    services.taf_meeting_update(
        actor=pc.worker, meeting=meeting, expected_version=meeting.version, details=details
    )
    assert deliver(meeting) == 2

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {pc.school_worker.email, "rk@y.example"}
    assert str(calendar_of(by_address[pc.school_worker.email])["METHOD"]) == "CANCEL"
    assert str(calendar_of(by_address["rk@y.example"])["METHOD"]) == "REQUEST"


def test_cancelling_sends_method_cancel_to_everyone_who_was_invited():
    pc = planned_case()
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    deliver(meeting)
    mail.outbox.clear()

    cancelled = services.taf_meeting_cancel(
        actor=pc.worker,
        meeting=meeting,
        expected_version=meeting.version,
        reason="The family asked to move it",
    )
    assert cancelled.status == MeetingStatus.CANCELLED
    assert deliver(cancelled) == 2
    assert deliver(cancelled) == 0
    for message in mail.outbox:
        calendar = calendar_of(message)
        [event] = calendar.walk("VEVENT")
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 1
        assert "The family asked to move it" in message.body
    assert ChronologyEntry.objects.filter(case=pc.case, title__contains="cancelled")


def test_a_worker_who_turned_meeting_emails_off_is_not_emailed():
    pc = planned_case()
    NotificationPreference.objects.create(
        user=pc.school_worker, kind="meeting_invitation", email=False
    )
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    assert deliver(meeting) == 1
    assert [m.to for m in mail.outbox] == [[pc.worker.email]]
    assert Notification.objects.filter(recipient=pc.school_worker, kind="meeting_invitation")


def test_a_meeting_needs_a_time_a_place_and_someone_invited():
    pc = planned_case()
    details = meeting_details(pc, location="", invite=[], online_link="http://insecure.example")
    details.ends_at = details.starts_at - dt.timedelta(minutes=30)
    with pytest.raises(ApplicationError) as raised:
        services.taf_meeting_schedule(actor=pc.worker, case=pc.case, details=details)
    errors = raised.value.extra
    assert errors["ends_at"] == ["The end time must be after the start time"]
    assert errors["online_link"][0].startswith("Enter a link to join online starting https://")


def test_a_meeting_changed_by_someone_else_meanwhile_is_not_overwritten():
    pc = planned_case()
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    seen = meeting.version
    services.taf_meeting_update(
        actor=pc.worker, meeting=meeting, expected_version=seen, details=meeting_details(pc, hour=9)
    )
    with pytest.raises(ConcurrentChangeError):
        services.taf_meeting_cancel(
            actor=pc.manager, meeting=meeting, expected_version=seen, reason="Clash"
        )


def _held(pc, plan=None):
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc, in_days=-1)
    )
    return meeting


def test_recording_a_meeting_keeps_attendance_views_minutes_and_reviews_the_plan():
    pc = planned_case()
    plan = agreed_plan(pc, actions=2)
    meeting = _held(pc)
    first, second = plan.actions.order_by("number")
    attendance = {i.pk: Attendance.ATTENDED for i in meeting.invitees.all()}
    apologies = meeting.invitees.get(kind=InviteeKind.FAMILY)
    attendance[apologies.pk] = Attendance.APOLOGIES

    recorded = services.taf_meeting_record(
        actor=pc.worker,
        meeting=meeting,
        expected_version=meeting.version,
        record=MeetingRecord(
            attendance=attendance,
            minutes="Everyone agreed attendance has improved.",
            family_views="Mum says mornings are calmer.",
            child_views="Ada: 'I like breakfast club.'",
            decisions="Carry on with breakfast club.",
            review=ReviewDetails(
                reviewed_on=None,
                progress_made=True,
                note="Attendance up from 78% to 91%.",
                updates=[
                    ActionUpdate(first.pk, ActionStatus.DONE, "Done in week 2"),
                    ActionUpdate(second.pk, ActionStatus.IN_PROGRESS),
                ],
            ),
        ),
    )
    assert recorded.status == MeetingStatus.HELD
    review = PlanReview.objects.get(meeting=meeting)
    assert review.progress_made is True
    assert review.reviewed_on == timezone.localdate(meeting.starts_at)
    assert {p.action_id: p.status for p in review.progress.all()} == {
        first.pk: ActionStatus.DONE,
        second.pk: ActionStatus.IN_PROGRESS,
    }
    first.refresh_from_db()
    assert first.status == ActionStatus.DONE
    plan.refresh_from_db()
    expected_review = review.reviewed_on + dt.timedelta(weeks=6)
    assert plan.next_review_on == recorded.next_review_on == expected_review
    apologies.refresh_from_db()
    assert apologies.attendance == Attendance.APOLOGIES
    assert ChronologyEntry.objects.filter(
        case=pc.case, title="TAF meeting held (2 attended; progress made)"
    )


def test_every_invitee_needs_an_attendance_and_a_future_meeting_cannot_be_recorded():
    pc = planned_case()
    future = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    with pytest.raises(ApplicationError) as raised:
        services.taf_meeting_record(
            actor=pc.worker,
            meeting=future,
            expected_version=future.version,
            record=MeetingRecord(attendance={}, minutes=""),
        )
    errors = raised.value.extra
    assert errors["__all__"] == ["You can record the meeting once it has started"]
    assert errors["minutes"] == ["Enter the minutes of the meeting"]
    assert len([k for k in errors if k.startswith("i")]) == 3


def test_plan_changes_agreed_at_the_meeting_become_a_new_version_linked_to_it():
    pc = planned_case()
    plan = agreed_plan(pc, actions=2)
    meeting = _held(pc)
    services.taf_meeting_record(
        actor=pc.worker,
        meeting=meeting,
        expected_version=meeting.version,
        record=MeetingRecord(
            attendance={i.pk: Attendance.ATTENDED for i in meeting.invitees.all()},
            minutes="Minutes",
            review=ReviewDetails(None, False, "No change yet", []),
        ),
    )
    meeting.refresh_from_db()
    plan.refresh_from_db()
    first, second = plan.actions.order_by("number")
    outcome = plan.outcomes.get()

    version = services.taf_meeting_plan_changes_apply(
        actor=pc.worker,
        meeting=meeting,
        expected_plan_version=plan.version,
        changes=[
            ActionChange(first.pk, days(40), f"agency:{pc.school.pk}", ActionStatus.IN_PROGRESS),
            ActionChange(
                second.pk, second.due_on, second.owner_key, ActionStatus.DROPPED, "Not needed"
            ),
        ],
        new_actions=[
            NewAction(outcome.pk, action(f"family:{pc.adults[0].pk}", "Visit the library"))
        ],
        summary="The school takes over the first action; a library visit is added.",
    )

    assert version.number == 2
    assert version.meeting == meeting
    actions = version.snapshot["outcomes"][0]["actions"]
    assert [a["status"] for a in actions] == ["in_progress", "dropped", "not_started"]
    assert actions[0]["owner"] == pc.school.name
    assert actions[2]["what"] == "Visit the library"
    plan.refresh_from_db()
    assert plan.agreed_version == 2
    assert ChronologyEntry.objects.filter(
        case=pc.case, title="Family plan changed at the Team Around the Family meeting (version 2)"
    )
    review, versions = selectors.meeting_outcomes(meeting=meeting)
    assert review is not None and review.progress_made is False
    assert [v.number for v in versions] == [2]


def test_plan_changes_need_a_held_meeting_and_at_least_one_change():
    pc = planned_case()
    plan = agreed_plan(pc)
    meeting = services.taf_meeting_schedule(
        actor=pc.worker, case=pc.case, details=meeting_details(pc)
    )
    with pytest.raises(ApplicationError, match="Record the meeting"):
        services.taf_meeting_plan_changes_apply(
            actor=pc.worker,
            meeting=meeting,
            expected_plan_version=plan.version,
            changes=[],
            new_actions=[],
            summary="x",
        )
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_the_first_meeting_may_agree_a_draft_plan():
    pc = planned_case()
    from tests.family_plans.factories import add_outcome

    outcome = add_outcome(pc)
    plan = pc.plan
    meeting = _held(pc)
    services.taf_meeting_record(
        actor=pc.worker,
        meeting=meeting,
        expected_version=meeting.version,
        record=MeetingRecord(
            attendance={i.pk: Attendance.ATTENDED for i in meeting.invitees.all()},
            minutes="We wrote the plan together.",
        ),
    )
    meeting.refresh_from_db()
    plan.refresh_from_db()
    version = services.taf_meeting_plan_changes_apply(
        actor=pc.worker,
        meeting=meeting,
        expected_plan_version=plan.version,
        changes=[],
        new_actions=[NewAction(outcome.pk, action(f"worker:{pc.worker.pk}"))],
        summary="The plan agreed at the first meeting.",
    )
    assert version.number == 1
    pc.case.refresh_from_db()
    assert pc.case.state == "plan_and_review"
    assert selectors.first_taf_meeting_dates(case_ids=[pc.case.pk]) == {
        pc.case.pk: timezone.localdate(meeting.starts_at)
    }

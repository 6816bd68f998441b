"""The plan, meetings and notifications pages run as many queries for 50 rows as for 5."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from family_plans.models import (
    ActionProgress,
    Attendance,
    FamilyPlan,
    MeetingStatus,
    NetworkMember,
    OwnerKind,
    PlanStatus,
    PlanVersion,
)
from partners.notifications import notify
from tests.family_plans.factories import (
    ActionFactory,
    InviteeFactory,
    MeetingFactory,
    OutcomeFactory,
    ReviewFactory,
    days,
    planned_case,
)

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def plan_with(rows: int):
    """A case whose agreed plan has `rows` actions (over rows/5 outcomes), reviews,
    versions and TAF meetings with `rows` invitees, and network meetings."""
    pc = planned_case()
    case = pc.case
    plan = FamilyPlan.objects.create(
        case=case,
        created_by=pc.worker,
        status=PlanStatus.AGREED,
        agreed_version=rows,
        next_review_on=days(10),
    )
    from assessments.selectors import headline_problems

    problems = [p.headline_id for p in headline_problems(case)]
    owners = [
        {"owner_kind": OwnerKind.WORKER, "owner_user": pc.school_worker},
        {"owner_kind": OwnerKind.AGENCY, "owner_user": None, "owner_agency": pc.school},
        {"owner_kind": OwnerKind.FAMILY, "owner_user": None, "owner_person": pc.adults[0]},
    ]
    outcomes = []
    for n in range(max(1, rows // 5)):
        outcome = OutcomeFactory(plan=plan, number=n + 1, updated_by=pc.worker)
        outcome.headline_problems.set(problems[:2])
        outcomes.append(outcome)
    actions = [
        ActionFactory(
            plan=plan,
            outcome=outcomes[n % len(outcomes)],
            number=n + 1,
            updated_by=pc.worker,
            due_on=days(-3 if n % 4 == 0 else 10),
            **owners[n % 3],
        )
        for n in range(rows)
    ]
    for n in range(rows):
        PlanVersion.objects.create(
            plan=plan, number=n + 1, agreed_on=days(-rows + n), agreed_by=pc.worker
        )
    for n in range(min(rows, 10)):
        review = ReviewFactory(plan=plan, recorded_by=pc.worker, progress_made=n % 2 == 0)
        ActionProgress.objects.create(
            review=review, action=actions[n], previous_status="not_started", status="done"
        )
    meetings = []
    for n in range(rows):
        held = n % 2 == 0
        starts = timezone.now() + dt.timedelta(days=(-n - 1 if held else n + 1))
        meeting = MeetingFactory(
            case=case,
            organiser=pc.worker,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            status=MeetingStatus.HELD if held else MeetingStatus.SCHEDULED,
            recorded_by=pc.worker if held else None,
        )
        meetings.append(meeting)
    big = meetings[0]
    for n in range(rows):
        InviteeFactory(meeting=big, attendance=Attendance.ATTENDED if n % 2 else "")
    from family_plans.models import FamilyNetworkMeeting

    for _ in range(max(1, rows // 5)):
        network = FamilyNetworkMeeting.objects.create(
            case=case, offered_on=days(-30), created_by=pc.worker
        )
        for m in range(5):
            NetworkMember.objects.create(
                meeting=network, name=f"Relative {m}", relationship="relative"
            )
    return pc, big


def test_the_plan_and_meetings_pages_make_the_same_queries_for_5_and_50_rows(signed_in_client):
    counts: dict[str, list[int]] = {}
    for rows in (5, 50):
        pc, meeting = plan_with(rows)
        case = pc.case
        for who, client in (
            ("worker", signed_in_client(pc.worker)),
            ("partner", signed_in_client(pc.school_worker)),
        ):
            for name, url in (
                ("plan tab", f"/cases/{case.pk}/plan/"),
                ("agree", f"/cases/{case.pk}/plan/agree/"),
                ("version", f"/cases/{case.pk}/plan/versions/1/"),
                ("meetings tab", f"/cases/{case.pk}/meetings/"),
                ("meeting", f"/cases/{case.pk}/meetings/taf/{meeting.pk}/"),
            ):
                if who == "partner" and name == "agree":
                    continue
                counts.setdefault(f"{name} ({who})", []).append(queries(client, url))
        worker = signed_in_client(pc.worker)
        counts.setdefault("review form", []).append(
            queries(worker, f"/cases/{case.pk}/plan/reviews/new/")
        )
        counts.setdefault("arrange a meeting", []).append(
            queries(worker, f"/cases/{case.pk}/meetings/taf/new/")
        )
    for name, (small, large) in counts.items():
        assert small == large, (name, small, large)
        assert small <= 45, (name, small)


def test_the_notifications_page_makes_the_same_queries_for_30_and_60(signed_in_client):
    """Both sizes have a second page, so page 2 is compared with page 2 (the first page
    also carries the digest)."""
    from partners.roles import Role
    from tests.partners.factories import member

    counts = []
    for rows in (30, 60):
        user = member(Role.PRACTITIONER)
        for n in range(rows):
            notify(recipients=[user], kind="action_overdue", title=f"Notification {n}")
        client = signed_in_client(user)
        counts.append(
            (
                queries(client, "/notifications/"),
                queries(client, "/notifications/?show=unread&page=2"),
                queries(client, "/notifications/settings/"),
            )
        )
    assert counts[0] == counts[1], counts
    assert max(counts[0]) <= 12, counts

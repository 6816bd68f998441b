"""The demo builder adds plans, meetings, reviews and notifications, sends no email, and
adds nothing when run twice."""

import datetime as dt
import io
import time

import pytest
from django.core import mail
from django.db.models import Count
from django.utils import timezone

from assessments import demo as assessments_demo
from cases import demo as cases_demo
from cases.models import Case
from cases.workflow_states import State
from earlyhelp.models import OutboxMessage
from family_plans import demo
from family_plans.models import (
    ActionStatus,
    FamilyPlan,
    MeetingStatus,
    PlanAction,
    PlanReview,
    PlanVersion,
    TafMeeting,
)
from partners import demo as partners_demo
from partners.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts() -> dict[str, int]:
    return {
        "plans": FamilyPlan.objects.count(),
        "versions": PlanVersion.objects.count(),
        "actions": PlanAction.objects.count(),
        "reviews": PlanReview.objects.count(),
        "meetings": TafMeeting.objects.count(),
        "notifications": Notification.objects.count(),
    }


def test_the_demo_plans_cases_in_plan_and_review_closing_and_closed_once():
    partners_demo.build(password="early-help-demo")
    cases_demo.build(families=80)
    assessments_demo.build(password="early-help-demo", families=80, stdout=io.StringIO())

    started = time.monotonic()
    result = demo.build(password="early-help-demo", families=80, stdout=io.StringIO())
    took = time.monotonic() - started

    assert result["plans"] > 0 and result["TAF meetings"] > 0 and result["reviews"] > 0
    planned = dict(FamilyPlan.objects.values_list("case__state").annotate(n=Count("id")).order_by())
    assert planned.get(State.PLAN_AND_REVIEW, 0) > 0
    assert planned.get(State.CLOSED, 0) + planned.get(State.CLOSING, 0) > 0
    assert not FamilyPlan.objects.exclude(
        case__state__in=[State.PLAN_AND_REVIEW, State.CLOSING, State.CLOSED]
    ).exists()
    today = timezone.localdate()
    statuses = set(PlanAction.objects.values_list("status", flat=True))
    assert ActionStatus.DONE in statuses
    assert PlanAction.objects.filter(
        status__in=["not_started", "in_progress"], due_on__lt=today
    ).exists(), "some actions are overdue"
    assert TafMeeting.objects.filter(status=MeetingStatus.HELD).exclude(minutes="").exists()
    assert TafMeeting.objects.filter(
        status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()
    ).exists()
    assert Notification.objects.exists()
    assert result["reminders sent"] > 0
    # No email is sent, now or later: nothing waits in the outbox.
    assert mail.outbox == []
    assert not OutboxMessage.objects.filter(
        task__in=demo.EMAIL_TASKS, published_at__isnull=True
    ).exists()
    # Every plan stands on a signed-off assessment and was agreed on or after opening.
    for version in PlanVersion.objects.select_related("plan__case"):
        assert version.agreed_on >= version.plan.case.opened_on
    assert took < 120, f"the demo took {took:.0f}s for 80 families"

    first = counts()
    again = demo.build(password="early-help-demo", families=80, stdout=io.StringIO())
    assert again["plans"] == 0 and again["reminders sent"] == 0
    assert counts() == first
    assert Case.objects.filter(family_plan__isnull=False).count() == first["plans"]


def _as_builder_sees() -> list[dict[str, object]]:
    """What the builder chooses its cases by, for each case: said when it chose wrongly."""
    from assessments.models import Assessment

    return [
        {
            "case": case.pk,
            "state": case.state,
            "lead": case.lead_practitioner_id,
            "zone": case.zone_id,
            "assessments": list(
                Assessment.objects.filter(case=case).values_list("state", flat=True)
            ),
            "has plan": FamilyPlan.objects.filter(case=case).exists(),
        }
        for case in Case.objects.order_by("pk")
    ]


def _moved(pc, state: str, name: str, days_ago: int) -> None:
    from cases.models import CaseTransition

    at = timezone.now() - dt.timedelta(days=days_ago)
    CaseTransition.objects.create(
        case=pc.case, name=name, from_state="assessment", to_state=state, actor=pc.worker, at=at
    )
    Case.objects.filter(pk=pc.case.pk).update(state=state, state_changed_at=at)


def test_the_builder_on_its_own_plans_open_and_closed_cases_and_sends_no_email():
    from tests.family_plans.factories import planned_case

    open_case = planned_case(opened_days_ago=200)
    _moved(open_case, State.PLAN_AND_REVIEW, "start_plan", 120)
    closed = planned_case(opened_days_ago=300)
    _moved(closed, State.PLAN_AND_REVIEW, "start_plan", 250)
    _moved(closed, State.CLOSED, "close", 30)
    mail.outbox.clear()
    # The factories' own services tell the lead of the allocation; the builder adds none.
    before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    result = demo.build(password="early-help-demo", stdout=io.StringIO())

    assert result["plans"] == 2 and result["cases skipped"] == 0, (result, _as_builder_sees())
    assert FamilyPlan.objects.get(case=open_case.case).agreed_version >= 1
    assert TafMeeting.objects.filter(case=open_case.case, status=MeetingStatus.HELD).count() >= 2
    history = FamilyPlan.objects.get(case=closed.case)
    assert history.versions.get().summary == "Entered from a plan kept outside this system."
    assert TafMeeting.objects.filter(case=closed.case, status=MeetingStatus.HELD).exists()
    assert mail.outbox == []
    assert not OutboxMessage.objects.filter(
        pk__gt=before, task__in=demo.EMAIL_TASKS, published_at__isnull=True
    ).exists()
    again = demo.build(password="early-help-demo", stdout=io.StringIO())
    assert again["plans"] == 0

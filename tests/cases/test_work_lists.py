"""My work, your enquiries and drift: the lists across cases, and their extension points.

The query counts are taken with the work family plans register (plan reviews, actions,
TAF meetings, reviews without progress) on the cases, so the whole list is counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import drift, my_work
from cases.models import Case
from cases.workflow_states import State
from cases.working_days import add_working_days
from family_plans.models import ActionProgress, InviteeKind, OwnerKind, PlanStatus
from tests.cases.factories import (
    CaseFactory,
    EnquiryFactory,
    PersonFactory,
    ShareFactory,
    waiting_case,
)
from tests.cases.pages import text_of
from tests.cases.places import build_place
from tests.family_plans.factories import (
    ActionFactory,
    InviteeFactory,
    MeetingFactory,
    PlanFactory,
    ReviewFactory,
)
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def place():
    return build_place()


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(11)))


def test_my_work_lists_assessments_due_with_working_day_due_dates(place):
    today = timezone.localdate()
    allocated_on = today - dt.timedelta(days=20)
    late = CaseFactory(
        family__family_hub=place.hub,
        state=State.ALLOCATED,
        state_changed_at=at(allocated_on),
        lead_agency=place.council,
        lead_practitioner=place.worker,
    )
    started = CaseFactory(
        family__family_hub=place.hub,
        state=State.ASSESSMENT,
        state_changed_at=at(today),
        lead_agency=place.council,
        lead_practitioner=place.worker,
    )
    CaseFactory(
        state=State.ALLOCATED, lead_agency=place.council, lead_practitioner=place.second_worker
    )

    items = my_work.work_for(place.worker)

    assert [(i.case, i.what) for i in items] == [
        (late, "Start the assessment"),
        (started, "Complete the assessment"),
    ]
    assert items[0].due_on == add_working_days(allocated_on, 5) and items[0].overdue(today)
    assert items[1].due_on == add_working_days(today, 30) and not items[1].overdue(today)
    assert items[1].working_days_left(today) == 30


def test_coordinators_see_families_waiting_and_managers_closures_to_sign_off(place):
    waiting = waiting_case(place.hub, received_days_ago=30)
    closing = CaseFactory(
        family__family_hub=place.hub, state=State.CLOSING, lead_agency=place.council
    )
    coordinator_work = {(i.case, i.kind) for i in my_work.work_for(place.coordinator)}
    manager_work = {(i.case, i.kind) for i in my_work.work_for(place.manager)}
    assert (waiting, "allocation") in coordinator_work
    assert (closing, "closure") not in coordinator_work
    assert (closing, "closure") in manager_work
    overdue = next(i for i in my_work.work_for(place.coordinator) if i.case == waiting)
    assert overdue.overdue(timezone.localdate())


def test_other_apps_add_their_work_to_my_work(place):
    # A source of the test's own: the real ones other apps register (plan reviews,
    # actions, meetings) stay registered; tests/family_plans/test_my_work.py tests them.
    case = CaseFactory(lead_agency=place.council, lead_practitioner=place.worker)
    due = timezone.localdate() + DAY
    my_work.register(
        my_work.WorkSource(
            "example",
            "Examples",
            items=lambda user: (
                [my_work.WorkItem(case, "example", "Do the example", due, "/")]
                if user.pk == place.worker.pk
                else []
            ),
        )
    )
    try:
        kinds = {i.kind for i in my_work.work_for(place.worker)}
        only = my_work.work_for(place.worker, kinds=["example"])
    finally:
        my_work._SOURCES.pop("example")
    assert "example" in kinds and [i.what for i in only] == ["Do the example"]
    assert {"plan_review", "plan_action", "taf_meeting"} <= {s.key for s in my_work.sources()}


def test_the_my_work_page_marks_overdue_work_and_filters_it(place, signed_in_client):
    CaseFactory(
        family__family_hub=place.hub,
        state=State.ALLOCATED,
        state_changed_at=at(timezone.localdate() - dt.timedelta(days=30)),
        lead_agency=place.council,
        lead_practitioner=place.worker,
        family__name="The Late family",
    )
    CaseFactory(
        family__family_hub=place.hub,
        state=State.ASSESSMENT,
        lead_agency=place.council,
        lead_practitioner=place.worker,
        family__name="The Timely family",
    )
    client = signed_in_client(place.worker)
    page = text_of(client.get("/my-work/").content.decode())
    assert "The Late family" in page and "Overdue by" in page and "The Timely family" in page
    overdue = text_of(client.get("/my-work/?overdue=true").content.decode())
    assert "The Late family" in overdue and "The Timely family" not in overdue


def test_drift_flags_cases_open_over_12_months_to_their_manager(place, signed_in_client):
    today = timezone.localdate()
    old = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        opened_on=today - dt.timedelta(days=400),
        lead_agency=place.council,
    )
    CaseFactory(
        family__family_hub=place.hub, state=State.PLAN_AND_REVIEW, lead_agency=place.council
    )
    CaseFactory(
        family__family_hub=place.hub,
        state=State.CLOSED,
        opened_on=today - dt.timedelta(days=500),
    )
    assert list(drift.drifting_cases(user=place.manager)) == [old]
    page = text_of(signed_in_client(place.manager).get("/drift/").content.decode())
    assert old.reference in page and "Open for more than 12 months" in page
    assert signed_in_client(place.coordinator).get("/drift/").status_code == 403


def test_other_apps_add_drift_rules_through_the_hook(place):
    # A rule of the test's own: family plans' real rule (three or more reviews without
    # progress) stays registered; tests/family_plans/test_drift.py tests it with reviews.
    flagged = CaseFactory(
        family__family_hub=place.hub, state=State.PLAN_AND_REVIEW, lead_agency=place.council
    )
    CaseFactory(
        family__family_hub=place.hub, state=State.PLAN_AND_REVIEW, lead_agency=place.council
    )
    drift.register(
        drift.DriftRule("example", "An example rule", condition=lambda today: Q(pk=flagged.pk))
    )
    try:
        rows = list(drift.drifting_cases(user=place.manager))
        reasons = drift.reasons_of(rows[0])
    finally:
        drift._RULES.pop("example")
    assert rows == [flagged] and reasons == ["An example rule"]
    assert "no_progress" in {rule.key for rule in drift.rules()}


def test_referrers_see_what_became_of_their_enquiries_without_opening_the_case(
    place, signed_in_client
):
    screened_out = EnquiryFactory(
        case=CaseFactory(
            state=State.CLOSED,
            screening_outcome="signpost",
            screening_reason="Signposted to the parenting course",
            closure_reason="signpost",
            family__name="The Signposted family",
        ),
        raised_by=place.teacher,
        raised_by_agency=place.school,
    )
    allocated = EnquiryFactory(
        case=CaseFactory(
            state=State.PLAN_AND_REVIEW,
            lead_agency=place.council,
            family__name="The Allocated family",
        ),
        raised_by=member(),  # a colleague at the same school
        raised_by_agency=place.school,
    )
    shared = EnquiryFactory(
        case=CaseFactory(state=State.ALLOCATED, lead_agency=place.council),
        raised_by=place.teacher,
        raised_by_agency=place.school,
    )
    ShareFactory(case=shared.case, agency=place.school)
    EnquiryFactory(case=CaseFactory(family__name="The Elsewhere family"))  # someone else's

    client = signed_in_client(place.teacher)
    html = client.get("/your-enquiries/").content.decode()
    text = text_of(html)
    assert "The Signposted family" in text and "Signposted to the parenting course" in text
    assert "Closed at screening: signposted to other services" in text
    assert "The Allocated family" in text and place.council.name in text
    assert "The Elsewhere family" not in text
    assert f'href="/cases/{shared.case.pk}/"' in html  # shared with the school: it opens
    assert f'href="/cases/{allocated.case.pk}/"' not in html  # not shared: outcome only
    assert client.get(f"/cases/{allocated.case.pk}/").status_code == 404
    mine = text_of(client.get("/your-enquiries/?raised=me").content.decode())
    assert "The Allocated family" not in mine and "The Signposted family" in mine
    del screened_out


def _count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["my-work", "your-enquiries", "drift", "my-work-coordinator"])
def test_work_lists_run_the_same_queries_for_5_and_50_rows(place, signed_in_client, page):
    today = timezone.localdate()
    who = {
        "my-work": place.worker,
        "your-enquiries": place.teacher,
        "drift": place.manager,
        "my-work-coordinator": place.coordinator,
    }[page]
    url = reverse("my-work" if page.startswith("my-work") else page)

    def add(count: int) -> None:
        for i in range(count):
            case = CaseFactory(
                family__family_hub=place.hub,
                state=[State.ALLOCATED, State.ASSESSMENT, State.CLOSING][i % 3],
                opened_on=today - dt.timedelta(days=400 + i),
                lead_agency=place.council,
                lead_practitioner=place.worker,
            )
            EnquiryFactory(case=case, raised_by=place.teacher, raised_by_agency=place.school)
            waiting_case(place.hub, received_days_ago=i % 15)
            add_plan_work(case, i)

    def add_plan_work(case: Case, i: int) -> None:
        """What family plans list in my work and drift: a review overdue, an action
        overdue, a meeting coming up and one not recorded, three reviews without progress."""
        plan = PlanFactory(
            case=case,
            created_by=place.worker,
            status=PlanStatus.AGREED,
            agreed_version=1,
            next_review_on=today - dt.timedelta(days=1 + i % 7),
        )
        action = ActionFactory(outcome__plan=plan, owner_user=place.worker, due_on=today - DAY)
        # Owned by the family and by an agency: the lead follows them up, by the owner's name.
        overdue = {"outcome__plan": plan, "owner_user": None, "due_on": today - DAY}
        ActionFactory(**overdue, owner_kind=OwnerKind.FAMILY, owner_person=PersonFactory())
        ActionFactory(**overdue, owner_kind=OwnerKind.AGENCY, owner_agency=place.school)
        for n in range(3):
            review = ReviewFactory(
                plan=plan, progress_made=False, reviewed_on=today - dt.timedelta(days=30 * n + 1)
            )
            ActionProgress.objects.create(
                review=review, action=action, previous_status=action.status, status=action.status
            )
        soon = timezone.localtime() + dt.timedelta(days=1)
        coming = MeetingFactory(case=case, organiser=place.worker, starts_at=soon)
        InviteeFactory(meeting=coming, kind=InviteeKind.WORKER, user=place.worker)
        MeetingFactory(case=case, organiser=place.worker, starts_at=soon - dt.timedelta(days=5))

    client = signed_in_client(who)
    add(5)
    small = _count(client, url)
    add(45)
    assert _count(client, url) == small
    assert Case.objects.count() >= 100
    if page == "my-work":  # family plans' work is on the page it counted
        items = my_work.work_for(place.worker)
        assert {"plan_review", "plan_action", "taf_meeting"} <= {item.kind for item in items}
        follow_ups = {item.what.split(" with ")[-1] for item in items if " with " in item.what}
        assert place.school.name in follow_ups and len(follow_ups) >= 2  # an agency, a parent
    if page == "drift":
        reasons = {r for c in drift.drifting_cases(user=place.manager) for r in drift.reasons_of(c)}
        assert "3 or more reviews without progress" in reasons

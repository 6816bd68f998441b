"""The Plan tab through the pages: starting a plan, outcomes linked to the assessment,
actions added several at once, agreeing versions, reviews, and who may do what."""

import html as htmllib
import re

import pytest
from django.utils import timezone

from cases.workflow_states import State
from family_plans.models import ActionStatus, PlanAction, PlanStatus, PlanVersion
from tests.family_plans.factories import add_outcome, agreed_plan, days, needs_of, planned_case

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", text(response), re.S).group(1).strip()


def uk(day) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def test_a_practitioner_writes_and_agrees_the_plan_through_the_pages(signed_in_client):
    pc = planned_case()
    case = pc.case
    worker = signed_in_client(pc.worker)

    tab = worker.get(f"/cases/{case.pk}/plan/")
    assert tab.status_code == 200
    assert "Start the family plan" in text(tab)
    assert "The children's wishes and feelings" in text(tab)

    started = worker.post(f"/cases/{case.pk}/plan/start/")
    assert started["Location"] == f"/cases/{case.pk}/plan/outcomes/new/"

    form = worker.get(started["Location"])
    need = needs_of(pc)[0]
    assert f'value="{need}"' in text(form)
    added = worker.post(
        started["Location"],
        {"wanted": "The children get to school on time", "whose_words": "Mum", "need_keys": [need]},
    )
    outcome = pc.plan.outcomes.get()
    assert added["Location"] == f"/cases/{case.pk}/plan/outcomes/{outcome.pk}/actions/"

    # Two actions at once: "Add another action" posts the page back with a second row.
    page = added["Location"]
    first_row = {
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-what": "Walk to school together",
        "actions-0-owner": f"family:{pc.adults[0].pk}",
        "actions-0-start_on": uk(days(0)),
        "actions-0-due_on": uk(days(28)),
    }
    more = worker.post(page, {**first_row, "add": "actions"})
    assert more.status_code == 200
    assert 'name="actions-1-what"' in text(more)
    assert "Walk to school together" in text(more)  # nothing typed is lost
    assert "There is a problem" not in text(more)
    saved = worker.post(
        page,
        {
            **first_row,
            "actions-TOTAL_FORMS": "2",
            "actions-1-what": "Breakfast club place",
            "actions-1-owner": f"agency:{pc.school.pk}",
            "actions-1-start_on": uk(days(0)),
            "actions-1-due_on": uk(days(14)),
        },
    )
    assert saved.status_code == 302
    assert PlanAction.objects.filter(plan=pc.plan).count() == 2

    agree = worker.get(f"/cases/{case.pk}/plan/agree/")
    assert title(agree).startswith("Agree the plan")
    version = re.search(r'name="version" value="(\d+)"', text(agree)).group(1)
    done = worker.post(
        f"/cases/{case.pk}/plan/agree/",
        {
            "version": version,
            "agreed_on": uk(timezone.localdate()),
            "agreed_with": "Mum and Ada",
            "children_views": "Ada: 'I want to be on time for football.'",
        },
    )
    assert done.status_code == 302
    plan = pc.plan
    assert plan.status == PlanStatus.AGREED and plan.agreed_version == 1
    case.refresh_from_db()
    assert case.state == State.PLAN_AND_REVIEW

    tab = text(worker.get(f"/cases/{case.pk}/plan/"))
    assert "Version 1" in tab
    assert "Walk to school together" in tab and pc.adults[0].full_name in tab
    assert "I want to be on time for football." in tab
    v1 = worker.get(f"/cases/{case.pk}/plan/versions/1/")
    assert v1.status_code == 200 and "Breakfast club place" in text(v1)


def test_errors_are_shown_beside_each_row_and_what_was_typed_is_kept(signed_in_client):
    pc = planned_case()
    outcome = add_outcome(pc)
    worker = signed_in_client(pc.worker)
    response = worker.post(
        f"/cases/{pc.case.pk}/plan/outcomes/{outcome.pk}/actions/",
        {
            "actions-TOTAL_FORMS": "2",
            "actions-INITIAL_FORMS": "0",
            "actions-0-what": "Call the GP",
            "actions-0-owner": f"worker:{pc.worker.pk}",
            "actions-0-start_on": "31/2/2026",
            "actions-0-due_on": uk(days(3)),
            "actions-1-what": "",
            "actions-1-owner": "",
            "actions-1-start_on": uk(days(3)),
            "actions-1-due_on": uk(days(1)),
        },
    )
    page = text(response)
    assert response.status_code == 200
    assert title(response).startswith("Error: ")
    assert "Start date must be a real date, like 17/6/2026" in page
    assert "Call the GP" in page and 'value="31/2/2026"' in page
    assert PlanAction.objects.count() == 0

    response = worker.post(
        f"/cases/{pc.case.pk}/plan/outcomes/{outcome.pk}/actions/",
        {
            "actions-TOTAL_FORMS": "2",
            "actions-INITIAL_FORMS": "0",
            "actions-0-what": "Call the GP",
            "actions-0-owner": f"worker:{pc.worker.pk}",
            "actions-0-start_on": uk(days(0)),
            "actions-0-due_on": uk(days(3)),
            "actions-1-what": "",
            "actions-1-owner": "",
            "actions-1-start_on": uk(days(3)),
            "actions-1-due_on": uk(days(1)),
        },
    )
    page = text(response)
    assert "Enter what will be done" in page
    assert "Select who will do it" in page
    assert "The due date must be the same as or after the start date" in page
    assert 'href="#id_actions-1-what"' in page


def test_a_review_records_progress_on_each_action(signed_in_client):
    pc = planned_case()
    plan = agreed_plan(pc, actions=2)
    first, second = plan.actions.order_by("number")
    worker = signed_in_client(pc.worker)

    response = worker.post(
        f"/cases/{pc.case.pk}/plan/reviews/new/",
        {
            "reviewed_on": uk(timezone.localdate()),
            "progress_made": "no",
            "note": "Mornings are still hard.",
            f"a{first.pk}_status": "done",
            f"a{first.pk}_note": "Done",
            f"a{second.pk}_status": "dropped",
            f"a{second.pk}_dropped_reason": "",
        },
    )
    assert response.status_code == 200
    assert "Enter why action 2 was dropped" in text(response)

    response = worker.post(
        f"/cases/{pc.case.pk}/plan/reviews/new/",
        {
            "reviewed_on": uk(timezone.localdate()),
            "progress_made": "no",
            "note": "Mornings are still hard.",
            f"a{first.pk}_status": "done",
            f"a{second.pk}_status": "in_progress",
        },
    )
    assert response.status_code == 302
    review = plan.reviews.get()
    assert review.progress_made is False
    first.refresh_from_db()
    assert first.status == ActionStatus.DONE
    detail = text(worker.get(response["Location"]))
    assert "No progress" in detail and "Mornings are still hard." in detail


def test_a_stale_action_page_is_refused_and_the_person_told(signed_in_client):
    pc = planned_case()
    plan = agreed_plan(pc, actions=1)
    [only] = plan.actions.all()
    worker = signed_in_client(pc.worker)
    data = {
        "what": only.what,
        "owner": only.owner_key,
        "start_on": uk(only.start_on),
        "due_on": uk(only.due_on),
        "status": "in_progress",
        "version": only.version,
    }
    assert worker.post(f"/cases/{pc.case.pk}/plan/actions/{only.pk}/", data).status_code == 302
    again = worker.post(f"/cases/{pc.case.pk}/plan/actions/{only.pk}/", {**data, "status": "done"})
    assert again.status_code == 200
    assert "changed this action after you opened this page" in text(again)
    only.refresh_from_db()
    assert only.status == ActionStatus.IN_PROGRESS


def test_a_partner_sees_the_plan_updates_their_action_and_cannot_change_the_plan(
    signed_in_client,
):
    pc = planned_case()
    outcome = add_outcome(pc)
    from family_plans import services
    from tests.family_plans.factories import action

    [theirs, leads] = services.actions_add(
        actor=pc.worker,
        plan=pc.plan,
        outcome=outcome,
        actions=[action(f"agency:{pc.school.pk}"), action(f"worker:{pc.worker.pk}")],
    )
    partner = signed_in_client(pc.school_worker)

    tab = partner.get(f"/cases/{pc.case.pk}/plan/")
    assert tab.status_code == 200
    assert "Add an outcome" not in text(tab)
    assert f"/plan/actions/{theirs.pk}/" in text(tab)  # theirs to update
    assert f"/plan/actions/{leads.pk}/" not in text(tab)
    assert partner.get(f"/cases/{pc.case.pk}/plan/actions/{leads.pk}/").status_code == 403
    form = partner.get(f"/cases/{pc.case.pk}/plan/actions/{theirs.pk}/")
    assert form.status_code == 200
    assert 'name="what"' not in text(form)  # status only
    response = partner.post(
        f"/cases/{pc.case.pk}/plan/actions/{theirs.pk}/",
        {"status": "in_progress", "version": theirs.version},
    )
    assert response.status_code == 302
    assert partner.get(f"/cases/{pc.case.pk}/plan/outcomes/new/").status_code == 403
    assert partner.get(f"/cases/{pc.case.pk}/plan/agree/").status_code == 403
    assert partner.get(f"/cases/{pc.case.pk}/meetings/taf/new/").status_code == 403


def test_someone_who_may_not_see_the_case_gets_404_on_every_plan_page(signed_in_client):
    pc = planned_case()
    plan = agreed_plan(pc)
    outsider = signed_in_client(pc.outsider)
    first = plan.actions.first()
    for url in (
        f"/cases/{pc.case.pk}/plan/",
        f"/cases/{pc.case.pk}/plan/agree/",
        f"/cases/{pc.case.pk}/plan/versions/1/",
        f"/cases/{pc.case.pk}/plan/actions/{first.pk}/",
        f"/cases/{pc.case.pk}/meetings/",
    ):
        assert outsider.get(url).status_code == 404, url


def test_another_cases_rows_are_not_found_under_this_case(signed_in_client):
    pc = planned_case()
    other = planned_case()
    agreed_plan(pc)
    other_plan = agreed_plan(other)
    worker = signed_in_client(pc.worker)
    other_action = other_plan.actions.first()
    assert worker.get(f"/cases/{pc.case.pk}/plan/actions/{other_action.pk}/").status_code == 404
    assert PlanVersion.objects.count() == 2

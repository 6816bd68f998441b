"""Browser test: a family plan written, agreed and reviewed through the pages; the partner
whose agency owns an action sees it in their notifications (MOJ notification badge) and
updates it; axe checks every page on the way."""

import datetime as dt

import pytest
from django.utils import timezone

from family_plans.models import ActionStatus, PlanAction, PlanStatus
from tests.e2e.conftest import assert_accessible, sign_in
from tests.family_plans.factories import planned_case
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):  # type: ignore[no-untyped-def]
    from assessments.reference_data import ensure_reference_data

    ensure_reference_data()


@pytest.fixture(autouse=True)
def _no_queue_left(settings):  # type: ignore[no-untyped-def]
    import redis

    yield
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


def uk(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def new_page(browser):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def test_a_plan_is_written_agreed_and_reviewed_and_a_partner_updates_their_action(
    page, browser, live_server
):
    pc = planned_case(children=2)
    case = pc.case
    base = live_server.url
    today = timezone.localdate()
    sign_in(page, live_server, pc.worker.email, TEST_PASSWORD)

    page.goto(f"{base}/cases/{case.pk}/plan/")
    assert page.get_by_role("heading", level=1).inner_text() == "Family plan"
    assert "The children's wishes and feelings" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Start the family plan").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/plan/outcomes/new/")
    assert_accessible(page)
    page.get_by_label("What does the family want to be different?").fill(
        "The children get to school on time, every day"
    )
    page.get_by_label("Whose words are these?").fill("Grace (mum)")
    page.locator("input[name='need_keys']").first.check()
    page.get_by_role("button", name="Add the outcome").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/plan/outcomes/*/actions/")
    assert_accessible(page)

    page.locator("textarea[name='actions-0-what']").fill("Walk to school together")
    page.locator("select[name='actions-0-owner']").select_option(f"family:{pc.adults[0].pk}")
    page.locator("input[name='actions-0-due_on']").fill(uk(today + dt.timedelta(days=28)))
    page.get_by_role("button", name="Add another action").click()
    assert page.locator("textarea[name='actions-0-what']").input_value() == (
        "Walk to school together"
    )
    page.locator("textarea[name='actions-1-what']").fill("Offer a breakfast club place")
    page.locator("select[name='actions-1-owner']").select_option(f"agency:{pc.school.pk}")
    page.locator("input[name='actions-1-start_on']").fill(uk(today))
    page.locator("input[name='actions-1-due_on']").fill(uk(today + dt.timedelta(days=14)))
    assert_accessible(page)
    page.get_by_role("button", name="Save the actions").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/plan/")
    assert_accessible(page)

    page.get_by_role("link", name="Agree the plan").click()
    assert_accessible(page)
    page.get_by_label("Who agreed it").fill("Grace and Ada")
    page.get_by_role("button", name="Agree the plan").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/plan/")
    plan = case.family_plan
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED
    assert "Version 1" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Record a review").click()
    assert_accessible(page)
    page.get_by_label("Date of the review").fill(uk(today))
    page.locator("input[name='progress_made'][value='yes']").check()
    page.get_by_label("Progress since the last review").fill("Mornings are calmer.")
    page.get_by_role("button", name="Save the review").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/plan/reviews/*/")
    assert_accessible(page)

    # The school's worker sees the plan agreed in their notifications, and updates the
    # action their agency owns.
    context, partner = new_page(browser)
    sign_in(partner, live_server, pc.school_worker.email, TEST_PASSWORD)
    badge = partner.locator(".moj-header .moj-notification-badge")
    assert "1" in badge.inner_text()
    partner.get_by_role("link", name="Notifications").click()
    assert partner.get_by_role("heading", level=1).inner_text() == "Notifications"
    assert_accessible(partner)
    partner.get_by_role("link", name=f"Case {case.reference}: family plan agreed").click()
    partner.wait_for_url(f"{base}/cases/{case.pk}/plan/versions/1/")
    assert partner.locator(".moj-header .moj-notification-badge").count() == 0
    assert_accessible(partner)
    school_action = PlanAction.objects.get(plan=plan, owner_agency=pc.school)
    partner.goto(f"{base}/cases/{case.pk}/plan/actions/{school_action.pk}/")
    assert_accessible(partner)
    partner.locator("input[name='status'][value='in_progress']").check()
    partner.get_by_role("button", name="Save the action").click()
    partner.wait_for_url(f"{base}/cases/{case.pk}/plan/")
    school_action.refresh_from_db()
    assert school_action.status == ActionStatus.IN_PROGRESS
    context.close()

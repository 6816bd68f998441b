"""Browser journey, a phone in the mother's hand: the practitioner invites her; she signs
in with the link and the code, reads the plan, adds her view before the review, marks
her action done and withdraws consent for one agency. The practitioner sees all of it
and that agency loses access. axe checks every page on the way; the family's pages
are checked at 390 by 844 pixels with nothing wider than the screen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.http import Http404

from cases.access import access_case
from family_plans.models import ActionStatus
from tests.e2e.conftest import assert_accessible, sign_in
from tests.family_view.factories import family_with_plan
from tests.identity.outbox import deliver
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):  # type: ignore[no-untyped-def]
    from assessments.reference_data import ensure_reference_data

    ensure_reference_data()


@pytest.fixture(autouse=True)
def _no_queue_left(settings):  # type: ignore[no-untyped-def]
    import redis

    yield
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")


def _context(browser: Any, viewport: dict[str, int]) -> tuple[Any, Any]:
    context = browser.new_context(bypass_csp=True, viewport=viewport, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _fits_the_phone(page: Any) -> None:
    assert_accessible(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= PHONE["width"], f"{page.url} is {wide}px wide"


def test_a_mother_invited_online_reads_adds_marks_done_and_withdraws_consent(browser, live_server):
    fwp = family_with_plan()
    case = fwp.case
    base = live_server.url

    # The lead practitioner invites the mother.
    staff_context, staff = _context(browser, {"width": 1280, "height": 900})
    sign_in(staff, live_server, fwp.fc.worker.email, TEST_PASSWORD)
    staff.goto(f"{base}/cases/{case.pk}/family-online/")
    assert_accessible(staff)
    staff.get_by_role("button", name="Invite a family member").click()
    staff.wait_for_url(f"{base}/cases/{case.pk}/family-online/invite/")
    staff.get_by_role("button", name="Send the invitation").click()
    assert staff.locator(".govuk-error-summary").is_visible()
    assert_accessible(staff)
    staff.get_by_label(fwp.mother.full_name).check()
    staff.get_by_label("Their email address").fill("grace.mum@example.net")
    staff.get_by_role("button", name="Send the invitation").click()
    staff.wait_for_url(f"{base}/cases/{case.pk}/family-online/")
    assert "has been sent a link to sign in" in staff.content()

    deliver("family_view.tasks.sign_in_link_send")
    link = re.search(r"http://\S+/family/sign-in/\S+/", mail.outbox[-1].body).group(0)  # type: ignore[union-attr]
    link = base + "/family/" + link.split("/family/", 1)[1]

    # On her phone she opens the link and asks for her code.
    phone_context, phone = _context(browser, PHONE)
    phone.goto(link)
    _fits_the_phone(phone)
    phone.get_by_role("button", name="Send my code").click()
    phone.wait_for_url(f"{base}/family/sign-in/code/")
    _fits_the_phone(phone)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    phone.get_by_label("Enter your 6-digit code").fill(code)
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url(f"{base}/family/")
    assert fwp.fc.worker.full_name in phone.content()
    _fits_the_phone(phone)

    # She reads the plan and marks her action done.
    phone.get_by_role("link", name="See your family's plan").click()
    phone.wait_for_url(f"{base}/family/plan/")
    assert "Ask the school about a breakfast club place" in phone.content()
    _fits_the_phone(phone)
    phone.get_by_role("button", name=re.compile("I have done this")).click()
    phone.wait_for_url(f"{base}/family/plan/")
    assert "is marked as done" in phone.content()
    _fits_the_phone(phone)

    # She adds her view before the review.
    phone.goto(f"{base}/family/your-views/")
    _fits_the_phone(phone)
    phone.get_by_label("What would you like to say?").fill(
        "The alarm helps. Mornings are calmer but Fridays are still hard."
    )
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_url(f"{base}/family/your-views/")
    assert "Your lead practitioner will see what you said" in phone.content()
    _fits_the_phone(phone)

    # She withdraws consent for health visiting.
    phone.goto(f"{base}/family/consent/")
    _fits_the_phone(phone)
    card = phone.locator(f"[data-agency='{fwp.health.name}']")
    card.get_by_role("button", name=re.compile("Stop them seeing it")).click()
    phone.wait_for_url(f"{base}/family/consent/")
    assert "can no longer see your family" in phone.content()
    _fits_the_phone(phone)

    # The practitioner sees all of it.
    staff.goto(f"{base}/cases/{case.pk}/family-online/")
    body = staff.content()
    assert "Mornings are calmer but Fridays are still hard." in body
    assert "marked action" in body and "as done" in body
    assert_accessible(staff)
    staff.get_by_role("button", name=re.compile("Bring into the minutes")).click()
    staff.wait_for_url(f"{base}/cases/{case.pk}/family-online/")
    assert_accessible(staff)
    staff.goto(f"{base}/cases/{case.pk}/chronology/")
    chronology = staff.content()
    assert "The family&#x27;s view, from" in chronology or "The family's view, from" in chronology
    assert "Sharing with " + fwp.health.name + " ended" in chronology
    staff.goto(f"{base}/cases/{case.pk}/plan/")
    assert "Done" in staff.content()

    fwp.mothers_action.refresh_from_db()
    assert fwp.mothers_action.status == ActionStatus.DONE
    fwp.meeting.refresh_from_db()
    assert "Fridays are still hard" in fwp.meeting.family_views
    with pytest.raises(Http404):
        access_case(user=fwp.health_viewer, case_id=case.pk)

    phone_context.close()
    staff_context.close()

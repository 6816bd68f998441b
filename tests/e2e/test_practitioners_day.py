"""Browser: the practitioner's day. A manager finds an assessment in the sign-off queue
from the notification that told them; a colleague's diary lists their meeting; a family
is found by case reference; each page passes axe (WCAG 2.2 A and AA), has no sideways
scroll of the page at 320 px wide or at 200% zoom, and is screenshotted for the README."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from assessments.services import assessment_start, assessment_submit
from cases.reference_data import ensure_reference_data
from tests.assessments.factories import complete_assessment, family_case
from tests.e2e.conftest import assert_accessible, sign_in
from tests.family_plans.factories import InviteeFactory, MeetingFactory
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def page_overflow(page: Any) -> int:
    """How far the page is wider than the window (0: no sideways scroll of the page)."""
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def too_wide(page: Any) -> list[str]:
    """The innermost elements that reach past the window's right edge, to say why."""
    return list(
        page.evaluate(
            """() => [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                        && ![...e.children].some(c =>
                             c.getBoundingClientRect().right > window.innerWidth + 1))
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
                          + ' ' + Math.round(e.getBoundingClientRect().right))"""
        )
    )


def check_reflow(page: Any, url: str) -> None:
    """At 320 CSS pixels wide (WCAG 1.4.10) and at 200% zoom of a 1280 px window (640 CSS
    pixels), the page itself does not scroll sideways."""
    for width in (320, 640):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url)
        assert page_overflow(page) <= 0, f"{url} scrolls sideways at {width}px: {too_wide(page)}"
    page.set_viewport_size({"width": 1280, "height": 900})


def shoot(page: Any, name: str) -> None:
    """Screenshots for docs/ are taken when `make screenshots` asks for them, so an
    ordinary test run leaves the working tree as it found it."""
    if not os.environ.get("UPDATE_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_work_finds_the_manager_and_the_colleague(page, live_server):
    ensure_reference_data()
    fc = family_case()
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    complete_assessment(assessment, fc.worker)
    assessment_submit(actor=fc.worker, assessment=assessment, expected_version=assessment.version)
    meeting = MeetingFactory(case=fc.case, organiser=fc.worker)
    InviteeFactory(meeting=meeting, user=fc.colleague, kind="worker", name="Colleague")

    # The manager is told, and finds the assessment in the sign-off queue.
    sign_in(page, live_server, fc.manager.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/notifications/")
    assert page.get_by_text(f"An assessment for case {fc.case.reference}").first.is_visible()
    assert_accessible(page)
    shoot(page, "notifications")
    check_reflow(page, f"{live_server.url}/notifications/")

    page.goto(f"{live_server.url}/my-work/")
    page.get_by_role("link", name="Waiting for your sign-off").click()
    page.get_by_role("heading", name="Waiting for your sign-off").wait_for()
    assert page.get_by_text(fc.case.reference).first.is_visible()
    assert_accessible(page)
    shoot(page, "sign-off-queue")
    check_reflow(page, f"{live_server.url}/sign-off/")

    # Find a family by the case reference, by keyboard only.
    page.goto(f"{live_server.url}/find-a-family/")
    page.get_by_label("Case reference").focus()
    page.keyboard.type(fc.case.reference)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Results").wait_for()
    assert page.get_by_text(fc.case.family.name).first.is_visible()
    assert_accessible(page)
    shoot(page, "find-a-family")
    check_reflow(page, f"{live_server.url}/find-a-family/")

    # Nothing found: an empty state, not a blank page.
    page.get_by_label("Case reference").fill("EH999999")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("No families you work with match your search").wait_for()
    assert_accessible(page)

    # The accessibility statement is public and accessible too.
    page.goto(f"{live_server.url}/accessibility/")
    assert_accessible(page)
    check_reflow(page, f"{live_server.url}/accessibility/")


def test_a_colleagues_diary_lists_the_meeting_they_are_invited_to(page, live_server):
    ensure_reference_data()
    fc = family_case()
    meeting = MeetingFactory(case=fc.case, organiser=fc.worker)
    InviteeFactory(meeting=meeting, user=fc.colleague, kind="worker", name="Colleague")

    sign_in(page, live_server, fc.colleague.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/diary/")
    assert page.get_by_text(fc.case.reference).first.is_visible()
    assert page.get_by_role("link", name="Download these meetings").is_visible()
    assert_accessible(page)
    shoot(page, "diary")
    check_reflow(page, f"{live_server.url}/diary/")

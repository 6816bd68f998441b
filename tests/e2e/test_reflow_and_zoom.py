"""Browser: the main pages reflow (WCAG 1.4.10) and stand 200% zoom (WCAG 1.4.4).

Each page is opened in a window 320 CSS pixels wide, and in a 1280 by 900 pixel window
zoomed to 200%: Chromium then lays the page out in 640 by 450 CSS pixels at two device
pixels to each CSS pixel, which is what the browser's own zoom does. In neither may the
page itself scroll sideways; a wide table scrolls inside its own box instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cases.reference_data import ensure_reference_data
from cases.services.allocation import allocation_meeting_create
from partners.roles import Role
from reporting.scorecard.engine import default_range, rollup
from tests.cases.factories import waiting_case
from tests.cases.places import build_place
from tests.e2e.conftest import family_signed_in, sign_in
from tests.e2e.test_practitioners_day import too_wide
from tests.family_view.factories import family_with_plan, invited
from tests.governance.factories import officer
from tests.partners.factories import TEST_PASSWORD, member
from tests.reporting.scorecard_data import journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"viewport": {"width": 320, "height": 800}, "device_scale_factor": 1}
ZOOMED = {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}


def sideways_scroll(page: Any) -> int:
    """How far the page is wider than its window (0: the page does not scroll sideways)."""
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def overflows(browser: Any, storage_state: dict[str, Any], base: str, paths: list[str]) -> dict:
    """Every path at 320 px and at 200% zoom: what reaches past the window, by page."""
    problems: dict[str, Any] = {}
    for name, window in (("320px", NARROW), ("200%", ZOOMED)):
        context = browser.new_context(bypass_csp=True, storage_state=storage_state, **window)
        page = context.new_page()
        page.set_default_timeout(10_000)
        for path in paths:
            page.goto(base + path)
            assert not page.url.endswith("/sign-in/"), path
            if sideways_scroll(page) > 0:
                problems[f"{path} at {name}"] = too_wide(page)
        context.close()
    return problems


def signed_in_state(browser: Any, live_server: Any, email: str) -> dict[str, Any]:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, email, TEST_PASSWORD)
    page.wait_for_url(lambda url: "/sign-in/" not in url)
    state = context.storage_state()
    context.close()
    return state  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _reference(transactional_db):  # type: ignore[no-untyped-def]
    ensure_reference_data()


def test_the_lead_practitioners_pages_reflow_at_320px_and_200_percent(browser, live_server):
    fwp = family_with_plan()
    case = f"/cases/{fwp.case.pk}"
    state = signed_in_state(browser, live_server, fwp.fc.worker.email)
    paths = [
        f"{case}/",
        f"{case}/plan/",
        f"{case}/family/",
        f"{case}/sharing/",
        f"{case}/meetings/",
        "/my-work/",
        "/my-cases/",
        "/diary/",
    ]
    assert overflows(browser, state, live_server.url, paths) == {}


def test_the_front_door_and_the_allocation_agenda_reflow(browser, live_server):
    place = build_place()
    waiting_case(place.hub, received_days_ago=18, surname="Asante")
    waiting_case(place.hub, received_days_ago=2, surname="Byrne")
    meeting = allocation_meeting_create(
        actor=place.coordinator, held_on=timezone.localdate(), zone=place.hub.zone
    )
    state = signed_in_state(browser, live_server, place.coordinator.email)
    paths = ["/front-door/", "/allocation-meetings/", f"/allocation-meetings/{meeting.pk}/"]
    assert overflows(browser, state, live_server.url, paths) == {}


def test_the_scorecard_and_its_charts_reflow(browser, live_server):
    today = timezone.localdate()
    for n in range(6):
        received = today - dt.timedelta(days=40 + n)
        journey(received=received, steps={"allocate": received + dt.timedelta(days=6)})
    rollup(first=default_range()[0], last=default_range()[1])
    lead = member(Role.STRATEGIC_LEAD)
    state = signed_in_state(browser, live_server, lead.email)
    assert overflows(browser, state, live_server.url, ["/reporting/"]) == {}


def test_the_governance_dashboard_reflows(browser, live_server):
    state = signed_in_state(browser, live_server, officer().email)
    paths = ["/governance/", "/governance/people/", "/governance/retention/"]
    assert overflows(browser, state, live_server.url, paths) == {}


def test_the_familys_own_pages_reflow(browser, live_server):
    fwp = family_with_plan()
    access = invited(fwp)
    context = browser.new_context()
    family_signed_in(context, live_server.url, access)
    state = context.storage_state()
    context.close()
    paths = ["/family/", "/family/plan/", "/family/your-views/", "/family/consent/"]
    assert overflows(browser, state, live_server.url, paths) == {}  # type: ignore[arg-type]

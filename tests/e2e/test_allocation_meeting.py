"""Browser: a coordinator plans and runs an allocation meeting, every page checked with axe."""

from __future__ import annotations

import itertools
import re

import pytest
from django.utils import timezone

from cases.models import AllocationItem, Case, Decision
from cases.reference_data import ensure_reference_data
from cases.workflow_states import State
from tests.cases.factories import CaseFactory, waiting_case
from tests.cases.places import build_place
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_runs_an_allocation_meeting(page, live_server):
    ensure_reference_data()
    place = build_place()
    first = waiting_case(place.hub, received_days_ago=18, surname="Asante")
    second = waiting_case(place.hub, received_days_ago=2, surname="Byrne")
    second.rereferral_of = CaseFactory(family=second.family, state=State.CLOSED)
    second.save()

    sign_in(page, live_server, place.coordinator.email, TEST_PASSWORD)
    page.get_by_role("link", name="Allocation", exact=True).click()
    assert_title_starts(page, "Allocation meetings")
    assert_accessible(page)
    page.get_by_role("button", name="Plan a meeting").click()

    assert_title_starts(page, "Plan an allocation meeting")
    assert_accessible(page)
    page.get_by_role("button", name="Plan the meeting").click()
    page.locator(".govuk-error-summary").wait_for()
    assert_title_starts(page, "Error: Plan an allocation meeting")
    assert_accessible(page)
    page.get_by_label("Zone or family hub").select_option(f"zone:{place.zone.pk}")
    page.get_by_label("Date of the meeting").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Plan the meeting").click()

    assert_title_starts(page, "Allocation meeting,")
    assert "Over target" in page.content()  # the Asante family has waited 18 days
    assert "Re-referral" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Record attendance").click()
    assert_title_starts(page, "Attendance")
    assert_accessible(page)
    page.get_by_label(place.council.name, exact=True).check()
    page.locator("#id_people-0-name").fill("Priya Shah")
    page.locator("#id_people-0-role").fill("Chair")
    page.get_by_role("button", name="Save attendance").click()
    assert "Attendance recorded" in page.content() and "Priya Shah" in page.content()

    page.get_by_role("link", name=re.compile("The Asante family")).click()
    assert_title_starts(page, "The Asante family")
    assert_accessible(page)
    page.get_by_label("Allocate", exact=True).check()
    page.get_by_role("button", name="Record the decision", exact=True).click()
    page.locator(".govuk-error-summary").wait_for()
    assert_title_starts(page, "Error: The Asante family")
    assert "Select the lead practitioner" in page.content()
    assert_accessible(page)
    # The select is enhanced with the accessible autocomplete: type part of a name, pick
    # the person with the keyboard; the hidden select is what the form submits.
    picker = page.get_by_role("combobox", name="Lead practitioner")
    assert page.locator("#id_lead-select").is_hidden()
    surname = place.worker.full_name.split()[-1]
    picker.press_sequentially(surname[:4])
    suggestion = page.get_by_role("option", name=re.compile(re.escape(place.worker.full_name)))
    suggestion.wait_for()
    assert f"{place.council.name}, {place.zone.name}" in suggestion.inner_text()
    assert "0 of 18 cases" in suggestion.inner_text()
    listed = page.get_by_role("listbox").inner_text()
    assert place.coordinator.full_name not in listed  # not the person choosing
    assert_accessible(page)  # with the suggestions open
    for _ in range(page.get_by_role("option").count()):
        page.keyboard.press("ArrowDown")  # the focus moves through the suggestions
        if "autocomplete__option--focused" in (suggestion.get_attribute("class") or ""):
            break
    page.keyboard.press("Enter")
    assert picker.input_value().startswith(place.worker.full_name)
    assert page.locator("#id_lead-select").input_value() == (
        f"{place.worker.pk}:{place.council.pk}"
    )
    assert_accessible(page)
    page.get_by_label("Multiple or complex").check()
    page.get_by_label("The family's preference for their lead practitioner").fill(
        "Mum asked for a worker who visits after school"
    )
    page.get_by_role("button", name="Record it and go to the next family").click()

    assert_title_starts(page, "The Byrne family")
    assert "Re-referral" in page.content()
    assert_accessible(page)
    page.get_by_label("Defer to a later meeting").check()
    page.get_by_label("Reasons").fill("Waiting for the school nurse's view")
    page.get_by_role("button", name="Record the decision", exact=True).click()

    assert_title_starts(page, "Allocation meeting,")
    assert "Allocated" in page.content() and "Deferred" in page.content()
    assert_accessible(page)
    first.refresh_from_db()
    assert first.state == State.ALLOCATED and first.lead_practitioner == place.worker
    assert AllocationItem.objects.get(case=second).decision == Decision.DEFER
    assert Case.objects.get(pk=second.pk).state == State.AWAITING_ALLOCATION

    page.get_by_role("link", name="Printable record of the meeting").click()
    assert_title_starts(page, "Record of the allocation meeting")
    assert "Priya Shah" in page.content() and "Waiting for the school nurse" in page.content()
    assert_accessible(page)


def assert_neighbouring_buttons_level(page) -> None:  # type: ignore[no-untyped-def]
    """Buttons side by side in a button group start at the same height, whether a link or
    a form's own button."""
    for group in page.locator(".govuk-button-group").all():
        boxes = [b.bounding_box() for b in group.locator(".govuk-button").all()]
        boxes = [b for b in boxes if b and b["width"]]
        for a, b in itertools.pairwise(boxes):
            if b["x"] > a["x"]:  # on the same row (a wrapped button starts the row again)
                assert b["y"] == a["y"], (a, b)


def test_the_agendas_buttons_sit_level(page, live_server):
    from cases.services import allocation_meeting_create

    ensure_reference_data()
    place = build_place()
    waiting_case(place.hub, surname="Asante")
    meeting = allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=timezone.localdate()
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, place.coordinator.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/allocation-meetings/{meeting.pk}/")

    attendance = page.get_by_role("button", name="Record attendance").bounding_box()
    refresh = page.get_by_role("button", name="Add families now waiting").bounding_box()
    assert attendance and refresh and refresh["x"] > attendance["x"]
    assert refresh["y"] == attendance["y"]
    assert_neighbouring_buttons_level(page)

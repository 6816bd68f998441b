"""Browser: the information governance officer answers a subject access request.

The officer finds the person, records the request (the reply is due a calendar month
later), produces the export, redacts a line that names someone else, and releases the
PDF and JSON. Every page is checked with axe.
"""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from governance import sar as services
from governance.models import SubjectAccessRequest
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.governance.factories import add_note, officer, person_in_two_families
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THIRD_PARTY = "Tobiah Quenby was excluded from school again this week."


def test_an_officer_records_a_request_produces_the_export_redacts_a_line_and_releases_it(
    page, live_server, settings, tmp_path
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    the_officer = officer()
    world = person_in_two_families()
    add_note(world.second, world.worker, THIRD_PARTY)
    sign_in(page, live_server, the_officer.email, TEST_PASSWORD)

    page.goto(f"{live_server.url}/governance/")
    assert_title_starts(page, "Information governance")
    assert_accessible(page)
    page.get_by_role("link", name="Find a person").first.click()
    page.get_by_label("Name").fill("Marisol Quenby")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name="Marisol Quenby").click()
    assert_accessible(page)
    page.get_by_role("link", name="Record a subject access request").click()
    assert_accessible(page)

    page.get_by_role("button", name="Record the request").click()  # nothing filled in
    assert_title_starts(page, "Error: Record a subject access request")
    assert_accessible(page)
    page.get_by_label("Who asked").fill("Marisol Quenby")
    page.get_by_label("Yes").check()
    today = timezone.localdate()
    page.locator("#id_received_on_day").fill(str(today.day))
    page.locator("#id_received_on_month").fill(str(today.month))
    page.locator("#id_received_on_year").fill(str(today.year))
    page.get_by_role("button", name="Record the request").click()
    assert "Subject access request recorded: due" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Produce the export").click()
    page.get_by_text("This page updates by itself").wait_for()
    assert_accessible(page)
    services.sar_gather(sar_id=SubjectAccessRequest.objects.get().pk)  # the worker's part
    page.get_by_role("heading", name="The export is ready for review").wait_for(timeout=15_000)
    page.reload()
    assert_accessible(page)

    row = page.locator("tr", has_text="excluded from school").first
    assert "Third party" in row.inner_text()
    row.locator("input[type=checkbox]").check()
    page.get_by_role("button", name="Save redactions").click()
    assert "1 line redacted" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Release the export").click()
    page.get_by_role("heading", name="Released").wait_for()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download sar.json").click()
    data = json.loads(open(download.value.path()).read())  # noqa: SIM115
    assert world.second.reference in json.dumps(data)
    assert "excluded from school" not in json.dumps(data)

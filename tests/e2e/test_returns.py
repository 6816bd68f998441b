"""Browser: a coordinator checks the data quality, fixes a record and produces the Annex A
lists, every page checked with axe."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from reporting.exports import services
from reporting.models import ExportJob
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD
from tests.reporting.returns_data import build_borough

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_fixes_a_record_then_produces_the_annex_a_lists(
    page, live_server, settings, tmp_path
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    borough = build_borough()
    sign_in(page, live_server, borough.coordinator.email, TEST_PASSWORD)

    page.get_by_role("link", name="Reporting").first.click()
    page.get_by_role("link", name="Data quality").click()
    assert_title_starts(page, "Data quality before a return")
    page.get_by_label("Day").fill("15")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Check").click()
    assert "Mia Evans" in page.content()
    assert_accessible(page)

    page.get_by_role("link", name="Change the record of Mia Evans").click()
    assert_title_starts(page, "Change the details of Mia Evans")
    assert_accessible(page)
    page.get_by_label("Ethnicity").select_option("MWBC")
    page.get_by_label("Sex", exact=True).select_option("F")
    page.get_by_label("Gender", exact=True).select_option("female")
    page.get_by_role("button", name="Save the details").click()
    page.get_by_text("The details of Mia Evans were saved").wait_for()
    assert_accessible(page)

    page.goto(f"{live_server.url}/reporting/data-quality/")
    assert "Mia Evans" not in page.content()

    page.get_by_role("link", name="Returns", exact=True).click()
    assert_title_starts(page, "Returns and inspection lists")
    assert_accessible(page)
    annex = page.locator("form", has=page.get_by_role("button", name="Produce the Annex A lists"))
    annex.get_by_role("button", name="Produce the Annex A lists").click()
    assert_title_starts(page, "Error: Returns and inspection lists")
    assert_accessible(page)
    page.get_by_label("Day").fill("15")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_role("button", name="Produce the Annex A lists").click()
    page.get_by_text("Waiting to start").wait_for()

    services.export_run(job_id=ExportJob.objects.get().pk)  # the worker's part
    page.get_by_role("heading", name="Your export is ready").wait_for(timeout=15_000)
    assert "blank cell" in page.content()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download annex-a-2026-06-15.xlsx").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert book.sheetnames == ["List 1 - Contacts", "List 2 - Early Help"]

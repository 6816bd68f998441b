"""Browser: a practitioner uploads two documents, sees them scanned, downloads one.

The scan is real: the upload's task goes through the outbox to a Redis of the test's own,
a Celery worker runs it against the documents tests' clamd (tests/documents/clamd.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.utils import timezone

from documents.models import Document, ScanState
from tests.cases.relations import build_relations
from tests.documents.clamd import Clamd
from tests.documents.files import pdf_bytes, png_bytes
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.family_plans.brokers import RedisServer, Worker, use_broker
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.slow]

DASH = "\N{EN DASH}"


@pytest.fixture
def scanning(settings):  # type: ignore[no-untyped-def]
    clamd = Clamd()
    clamd.start()
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = clamd.address
    server = RedisServer()
    server.start()
    worker = Worker(
        server.url, extra_env={"DOCUMENT_SCANNER": "clamd", "CLAMD_ADDRESS": clamd.address}
    )
    worker.start()
    worker.wait_until_ready()
    with use_broker(server.url):
        yield worker
    worker.stop()
    server.remove()
    clamd.stop()


def test_a_practitioner_uploads_two_documents_sees_them_scanned_and_downloads_one(
    page, live_server, scanning, tmp_path
):
    world = build_relations()
    lead = world["lead practitioner"]
    consent, photo = tmp_path / "signed consent.pdf", tmp_path / "school photo.png"
    consent.write_bytes(pdf_bytes("Signed consent"))
    photo.write_bytes(png_bytes())

    sign_in(page, live_server, lead.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/cases/{world.case.pk}/")
    page.get_by_role("link", name="Documents").click()
    assert_title_starts(page, f"Documents {DASH} {world.case.reference}")
    assert_accessible(page)

    page.get_by_role("button", name="Upload documents").click()
    assert_title_starts(page, f"Upload documents {DASH} {world.case.reference}")
    assert_accessible(page)
    # Submitting with nothing chosen: an error summary and errors beside the fields.
    page.get_by_role("button", name="Upload documents").click()
    assert_title_starts(page, f"Error: Upload documents {DASH}")
    assert "Select a file to upload" in page.content()
    assert_accessible(page)

    page.get_by_label("Upload files").set_input_files([str(consent), str(photo)])
    page.get_by_label("Signed consent form").check()
    today = timezone.localdate()
    page.locator("#id_document_date_day").fill(str(today.day))
    page.locator("#id_document_date_month").fill(str(today.month))
    page.locator("#id_document_date_year").fill(str(today.year))
    page.get_by_label("Description (optional)").fill("Consent and a photo from school")
    page.get_by_role("button", name="Upload documents").click()

    assert_title_starts(page, f"Documents {DASH} {world.case.reference}")
    assert "2 documents added" in page.content()
    assert Document.objects.filter(case=world.case).count() == 2

    deadline = time.monotonic() + 60
    while page.content().count("No virus found") < 2:
        assert time.monotonic() < deadline, scanning.output()
        time.sleep(0.5)
        page.reload()
    assert set(Document.objects.values_list("scan_state", flat=True)) == {ScanState.CLEAN}
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download signed consent.pdf").click()
    download = info.value
    assert download.suggested_filename == "signed consent.pdf"
    assert Path(download.path()).read_bytes() == pdf_bytes("Signed consent")

"""Virus scanning with the tests' own clamd: clean files become downloadable, the EICAR
test file is quarantined and never served, and the scan runs in a real Celery worker
through the outbox."""

from __future__ import annotations

import pytest
from django.test import Client

from cases.models import ChronologyEntry
from documents import services
from documents.models import ScanState
from documents.scanning import ClamdScanner, ScannerUnavailable
from documents.storage import document_storage
from tests.cases.relations import build_relations
from tests.documents.factories import uploaded
from tests.documents.files import EICAR, pdf_bytes, pdf_with_eicar

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_tests_clamd_finds_eicar_and_passes_a_clean_pdf(clamd):
    scanner = ClamdScanner(clamd.address)
    assert scanner.scan([EICAR]).infected
    assert scanner.scan([pdf_with_eicar()]).signature.startswith("Eicar-Test-Signature")
    assert not scanner.scan([pdf_bytes()]).infected


def test_a_scanner_that_is_not_running_leaves_the_document_pending(settings, tmp_path):
    world = build_relations()
    document = uploaded(actor=world["lead practitioner"], case=world.case, scanned=False)
    settings.CLAMD_ADDRESS = f"unix://{tmp_path / 'nothing.sock'}"
    with pytest.raises(ScannerUnavailable):
        services.document_scan(document_id=document.pk)
    document.refresh_from_db()
    assert document.scan_state == ScanState.PENDING


def test_an_eicar_upload_is_quarantined_and_never_downloadable():
    world = build_relations()
    lead = world["lead practitioner"]
    document = uploaded(actor=lead, case=world.case, name="report.pdf", content=pdf_with_eicar())
    assert document.scan_state == ScanState.INFECTED
    assert document.scan_result.startswith("Eicar-Test-Signature")
    assert document.stored_name.startswith("quarantine/")
    assert document_storage().exists(document.stored_name)
    assert not document_storage().exists("files/" + document.stored_name.split("/", 1)[1])

    page = signed_in(lead).get(f"/cases/{world.case.pk}/documents/{document.pk}/download/")
    assert page.status_code == 409
    assert b"contained a virus" in page.content
    assert EICAR not in page.content
    api = signed_in(lead).get(f"/api/v1/cases/{world.case.pk}/documents/{document.pk}/download/")
    assert api.status_code == 400
    assert EICAR not in api.content
    assert ChronologyEntry.objects.filter(case=world.case, kind="document_quarantined").exists()
    listing = signed_in(lead).get(f"/cases/{world.case.pk}/documents/").content.decode()
    assert "Virus found: quarantined" in listing
    assert f"/documents/{document.pk}/download/" not in listing


def test_a_document_waiting_for_its_scan_cannot_be_downloaded():
    world = build_relations()
    lead = world["lead practitioner"]
    document = uploaded(actor=lead, case=world.case, scanned=False)
    response = signed_in(lead).get(f"/cases/{world.case.pk}/documents/{document.pk}/download/")
    assert response.status_code == 409
    assert b"still being checked for viruses" in response.content


@pytest.mark.parametrize(("allowed", "status"), [(False, 409), (True, 200)])
def test_a_setting_decides_whether_unscanned_files_may_be_downloaded(settings, allowed, status):
    settings.DOCUMENT_SCANNER = ""
    settings.DOCUMENT_ALLOW_UNSCANNED = allowed
    world = build_relations()
    lead = world["lead practitioner"]
    document = uploaded(actor=lead, case=world.case, scanned=False)
    assert document.scan_state == ScanState.UNSCANNED
    listing = signed_in(lead).get(f"/cases/{world.case.pk}/documents/").content.decode()
    assert "Not scanned" in listing
    url = f"/cases/{world.case.pk}/documents/{document.pk}/download/"
    assert signed_in(lead).get(url).status_code == status


def test_scanning_twice_changes_nothing():
    world = build_relations()
    document = uploaded(actor=world["lead practitioner"], case=world.case)
    scanned_at = document.scanned_at
    services.document_scan(document_id=document.pk)
    document.refresh_from_db()
    assert (document.scan_state, document.scanned_at) == (ScanState.CLEAN, scanned_at)

"""The API uploads and downloads documents by the pages' rules."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from cases.models import AuditEntry, NoteVisibility
from cases.models.audit import AuditAction
from documents.models import Document, ScanState
from tests.cases.relations import build_relations
from tests.documents.factories import clean_document
from tests.documents.files import exe_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def body(name: str, content: bytes, **extra: object) -> dict[str, object]:
    return {
        "document_type": "report",
        "document_date": "2026-01-05",
        "file_name": name,
        "content_base64": base64.b64encode(content).decode(),
        **extra,
    }


def test_an_upload_through_the_api_is_checked_stored_and_queued_for_its_scan():
    world = build_relations()
    client = signed_in(world["lead practitioner"])
    url = f"/api/v1/cases/{world.case.pk}/documents/"
    response = client.post(url, body("report.pdf", pdf_bytes()), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["scan_state"] == ScanState.PENDING
    document = Document.objects.get(pk=response.json()["id"])
    assert document.original_name == "report.pdf"


def test_an_executable_named_pdf_is_a_structured_400_through_the_api():
    world = build_relations()
    client = signed_in(world["lead practitioner"])
    url = f"/api/v1/cases/{world.case.pk}/documents/"
    response = client.post(url, body("report.pdf", exe_bytes()), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["files"][0].startswith("report.pdf is a Windows program")
    assert not Document.objects.exists()


def test_a_multipart_upload_works_too():
    world = build_relations()
    client = signed_in(world["lead practitioner"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/api/v1/cases/{world.case.pk}/documents/",
        {
            "document_type": "letter",
            "document_date": "2026-01-05",
            "file": SimpleUploadedFile("letter.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 201, response.content


def test_the_api_download_has_the_pages_headers_and_is_audited():
    world = build_relations()
    lead = world["lead practitioner"]
    document = clean_document(actor=lead, case=world.case)
    response = signed_in(lead).get(
        f"/api/v1/cases/{world.case.pk}/documents/{document.pk}/download/"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(
        action=AuditAction.DOWNLOAD, object_id=str(document.pk)
    ).exists()


def test_a_restricted_document_is_not_listed_and_is_404_through_the_api():
    world = build_relations()
    lead = world["lead practitioner"]
    document = clean_document(actor=lead, case=world.case, visibility=NoteVisibility.RESTRICTED)
    other = signed_in(world["TAF partner practitioner"])
    listed = other.get(f"/api/v1/cases/{world.case.pk}/documents/").json()["results"]
    assert document.pk not in {row["id"] for row in listed}
    url = f"/api/v1/cases/{world.case.pk}/documents/{document.pk}/download/"
    assert other.get(url).status_code == 404


def test_an_upload_retried_with_its_idempotency_key_adds_one_document():
    world = build_relations()
    client = signed_in(world["lead practitioner"])
    url = f"/api/v1/cases/{world.case.pk}/documents/"
    sent = body("report.pdf", pdf_bytes())
    first = client.post(
        url, sent, content_type="application/json", HTTP_IDEMPOTENCY_KEY="upload-report-0001"
    )
    again = client.post(
        url, sent, content_type="application/json", HTTP_IDEMPOTENCY_KEY="upload-report-0001"
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Document.objects.count() == 1

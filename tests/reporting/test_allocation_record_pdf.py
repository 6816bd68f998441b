"""The allocation meeting record as a PDF, made by the export machinery: asked for from
the record page by those who may see the record, audited, marked on every page."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from cases.models import AuditEntry
from cases.services import allocation_meeting_create
from partners.models import Membership
from reporting.allocation_record import KIND
from reporting.exports import services
from reporting.models import ExportJob, ExportStatus
from tests.cases.factories import waiting_case
from tests.cases.places import allocate_one_defer_another, build_place

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FAMILIES = 30  # enough for the decisions to run over more than one page


@pytest.fixture
def meeting(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    place = build_place()
    cases = [waiting_case(place.hub, surname=f"Family{n:02d}") for n in range(FAMILIES)]
    meeting = allocation_meeting_create(
        actor=place.coordinator, zone=place.zone, held_on=timezone.localdate()
    )
    allocate_one_defer_another(
        place,
        meeting,
        allocated=cases[0],
        deferred=cases[1],
        family_preference="A worker who speaks Polish",
    )
    return place, meeting


def _pdf_text(job: ExportJob, root) -> list[str]:  # type: ignore[no-untyped-def]
    reader = PdfReader(io.BytesIO((root / job.file_path).read_bytes()))
    return [page.extract_text() for page in reader.pages]


def test_a_coordinator_makes_a_pdf_of_the_record_from_the_record_page(
    meeting, signed_in_client, tmp_path
):
    place, meeting = meeting
    client = signed_in_client(place.coordinator)
    url = reverse("allocation-meeting-record-pdf", args=[meeting.pk])
    page = client.get(f"/allocation-meetings/{meeting.pk}/record/").content.decode()
    assert f'action="{url}"' in page and "Create a PDF of this record" in page

    response = client.post(url)
    job = ExportJob.objects.get(kind=KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("export-status", args=[job.public_id])
    assert job.params == {"meeting": meeting.pk} and job.case is None
    assert job.title.startswith(f"Allocation meeting record: {meeting.place_name}")
    requested = AuditEntry.objects.get(action="export", reason="export requested")
    assert requested.user_id == place.coordinator.pk
    assert requested.detail["kind"] == KIND
    assert requested.detail["params"] == {"meeting": meeting.pk}

    services.export_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.pages >= 2
    assert AuditEntry.objects.filter(
        action="export", reason="export produced", detail__kind=KIND
    ).exists()
    pages = _pdf_text(job, tmp_path)
    for number, text in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in text, number
        assert f"Page {number} of {len(pages)}" in text, number
        assert f"Produced by {place.coordinator.full_name}" in text, number
    text = " ".join(" ".join(pages).split())
    assert "Record of the allocation meeting" in text
    assert f"2 of {FAMILIES} families decided; 1 allocated" in text
    # A narrow table column may break a hyphenated name after its hyphen ("Barlow-
    # Kelly"), so the name is looked for with the spaces taken out on both sides.
    assert place.worker.full_name.replace(" ", "") in text.replace(" ", "")
    assert "A worker who speaks Polish" in text
    assert "More information needed from school" in text
    assert "The Family29 family" in text

    download = client.get(reverse("export-download", args=[job.public_id]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="download", detail__kind=KIND).count() == 1


def test_only_those_who_may_see_the_record_may_ask_for_its_pdf(meeting, signed_in_client):
    place, meeting = meeting
    url = reverse("allocation-meeting-record-pdf", args=[meeting.pk])
    # A coordinator of another zone is told the meeting does not exist.
    assert signed_in_client(place.other_coordinator).post(url).status_code == 404
    # Practitioners do not use allocation meetings at all.
    assert signed_in_client(place.worker).post(url).status_code == 403
    # The zone's manager may, like its coordinator.
    assert signed_in_client(place.manager).post(url).status_code == 302
    assert signed_in_client(place.coordinator).get(url).status_code == 405
    assert ExportJob.objects.filter(kind=KIND).count() == 1


def test_the_pdf_is_not_made_for_someone_who_no_longer_covers_the_meeting(meeting, tmp_path):
    place, meeting = meeting
    job = services.export_request(
        actor=place.coordinator, kind=KIND, params={"meeting": meeting.pk}
    )
    # The coordinator moves on before a worker picks the job up.
    Membership.objects.filter(user=place.coordinator).update(ended_on=timezone.localdate())

    services.export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and not job.file_path
    assert not list(tmp_path.rglob("*.pdf"))
    assert AuditEntry.objects.filter(
        action="refused", user=place.coordinator, reason__contains=KIND
    ).exists()

"""Asking for an export, its progress, its download by the requester only, and expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import AuditEntry
from partners.roles import Role
from reporting.exports import services
from reporting.models import ExportJob, ExportStatus
from tests.cases.factories import CaseFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    lead = AgencyFactory()
    case = CaseFactory(lead_agency=lead)
    return {
        "case": case,
        "manager": member(Role.MANAGER, agency=lead),
        "worker": member(Role.PRACTITIONER, agency=lead),
        "outsider": member(Role.MANAGER),
    }


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_manager_exports_a_case_and_downloads_it_once_it_is_ready(setting, tmp_path):
    case, manager = setting["case"], setting["manager"]
    client = client_for(manager)
    assert client.get(reverse("case-export", args=[case.pk])).status_code == 200

    response = client.post(reverse("case-export-request", args=[case.pk]))
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("export-status", args=[job.public_id])
    assert job.status == ExportStatus.QUEUED
    assert AuditEntry.objects.filter(
        action="export", case_id=case.pk, reason="export requested"
    ).exists()

    waiting = client.get(reverse("export-status", args=[job.public_id]))
    assert "Waiting to start" in waiting.content.decode()
    assert 'hx-trigger="every 2s"' in waiting.content.decode()

    services.export_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.progress == 100 and job.pages > 1
    assert str(tmp_path) not in job.file_path  # stored relative to the private root
    assert (tmp_path / job.file_path).is_file()

    fragment = client.get(reverse("export-status", args=[job.public_id]), HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "Your export is ready" in body and "<html" not in body
    assert "hx-trigger" not in body  # polling stops when finished

    download = client.get(reverse("export-download", args=[job.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(action="download", case_id=case.pk).count() == 1


def test_nobody_but_the_requester_can_see_or_download_an_export(setting):
    case = setting["case"]
    job = services.export_request(actor=setting["manager"], kind="case_pdf", case=case)
    services.export_run(job_id=job.pk)
    other = client_for(setting["outsider"])
    assert other.get(reverse("export-status", args=[job.public_id])).status_code == 404
    assert other.get(reverse("export-download", args=[job.public_id])).status_code == 404


def test_a_practitioner_cannot_export_and_an_outsider_cannot_even_see_the_case(setting):
    case = setting["case"]
    assert (
        client_for(setting["worker"])
        .post(reverse("case-export-request", args=[case.pk]))
        .status_code
        == 403
    )
    assert (
        client_for(setting["outsider"])
        .post(reverse("case-export-request", args=[case.pk]))
        .status_code
        == 404
    )
    assert not ExportJob.objects.exists()


def test_an_expired_export_is_deleted_and_no_longer_downloadable(setting, tmp_path):
    job = services.export_request(actor=setting["manager"], kind="case_pdf", case=setting["case"])
    job = services.export_run(job_id=job.pk)
    path = tmp_path / job.file_path
    assert services.exports_expire(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert not path.exists()
    response = client_for(setting["manager"]).get(reverse("export-download", args=[job.public_id]))
    assert response.status_code == 404


def test_running_a_job_twice_produces_it_once(setting):
    job = services.export_request(actor=setting["manager"], kind="case_pdf", case=setting["case"])
    first = services.export_run(job_id=job.pk)
    second = services.export_run(job_id=job.pk)
    assert first.finished_at == second.finished_at
    assert AuditEntry.objects.filter(reason="export produced").count() == 1


def test_queued_jobs_left_by_a_broker_outage_are_handed_over_by_the_sweep(setting):
    job = services.export_request(actor=setting["manager"], kind="case_pdf", case=setting["case"])
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    assert services.exports_sweep() == 1


def test_the_export_tab_shows_only_to_those_who_may_export(setting):
    case = setting["case"]
    page = client_for(setting["worker"]).get(reverse("case-summary", args=[case.pk]))
    assert reverse("case-export", args=[case.pk]) not in page.content.decode()
    page = client_for(setting["manager"]).get(reverse("case-summary", args=[case.pk]))
    assert reverse("case-export", args=[case.pk]) in page.content.decode()


def test_an_exporter_who_leaves_before_the_file_is_made_is_refused_and_audited(setting):
    from partners.services import membership_end

    case, manager = setting["case"], setting["manager"]
    job = services.export_request(actor=manager, kind="case_pdf", case=case)
    membership_end(membership=manager.memberships.get())

    job = services.export_run(job_id=job.pk)

    assert job.status == ExportStatus.FAILED and not job.file_path
    refusal = AuditEntry.objects.get(action="refused", user=manager)
    assert refusal.reason == "export 'case_pdf' no longer allowed"
    assert refusal.detail["case_id"] == case.pk


def _ready_export(setting):  # type: ignore[no-untyped-def]
    case, manager = setting["case"], setting["manager"]
    job = services.export_request(actor=manager, kind="case_pdf", case=case)
    job = services.export_run(job_id=job.pk)
    assert job is not None and job.status == ExportStatus.DONE
    return job


def test_a_download_after_the_requester_loses_the_case_is_refused_with_404_and_recorded(setting):
    from partners.services import membership_end

    case, manager = setting["case"], setting["manager"]
    job = _ready_export(setting)
    client = client_for(manager)
    membership_end(membership=manager.memberships.get())

    response = client.get(reverse("export-download", args=[job.public_id]))

    assert response.status_code == 404
    refusal = AuditEntry.objects.get(action="refused", user=manager)
    assert refusal.reason == "download of export 'case_pdf' no longer allowed"
    assert refusal.detail["case_id"] == case.pk
    assert not AuditEntry.objects.filter(action="download").exists()
    job.refresh_from_db()
    assert job.downloads == 0


def test_a_download_by_a_requester_who_may_no_longer_export_the_case_is_refused_with_403(setting):
    from partners.services import membership_end

    case, manager = setting["case"], setting["manager"]
    job = _ready_export(setting)
    client = client_for(manager)
    membership_end(membership=manager.memberships.get())
    member(Role.PRACTITIONER, agency=case.lead_agency, user=manager)  # still sees the case

    response = client.get(reverse("export-download", args=[job.public_id]))

    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="refused", user=manager).count() == 1
    assert not AuditEntry.objects.filter(action="download").exists()

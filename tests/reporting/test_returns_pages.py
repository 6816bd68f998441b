"""The returns pages and commands: who may run them, the files they give, the data
quality page, and the audit log."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import AuditEntry, ContactSourceMapping
from partners.roles import AgencyKind, Role
from reporting.exports import services as export_services
from reporting.models import ExportJob, ExportStatus
from reporting.returns.ssd import TABLE_NAMES
from tests.partners.factories import member
from tests.reporting.returns_data import INSPECTION, build_borough

pytestmark = pytest.mark.django_db

RETURN_URLS = [
    "returns-annex-a",
    "returns-ssd",
    "returns-cin",
    "returns-families-first",
    "returns-data-linking",
]


@pytest.fixture
def borough(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    return build_borough()


def annex_a_post(client, **overrides: str):  # type: ignore[no-untyped-def]
    data = {
        "inspection_date_day": str(INSPECTION.day),
        "inspection_date_month": str(INSPECTION.month),
        "inspection_date_year": str(INSPECTION.year),
        "file_format": "xlsx",
    } | overrides
    return client.post(reverse("returns-annex-a"), data)


def test_a_coordinator_produces_the_annex_a_workbook_and_every_step_is_audited(
    borough, signed_in_client
):
    client = signed_in_client(borough.coordinator)
    page = client.get(reverse("returns")).content.decode()
    assert "Ofsted Annex A" in page and "Standard Safeguarding Dataset" in page
    assert "Identifiers for data linking" not in page  # coordinators are not named for it

    response = annex_a_post(client)
    job = ExportJob.objects.get(kind="annex_a")
    assert response["Location"] == reverse("export-status", args=[job.public_id])
    export_services.export_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert job.message.startswith("8 rows written, 0 blank cells")
    status = client.get(reverse("export-status", args=[job.public_id])).content.decode()
    assert "0 blank cells" in status and "page" not in status.split("Your export is ready")[1][:80]

    download = client.get(reverse("export-download", args=[job.public_id]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    ids = [row[0] for row in book["List 1 - Contacts"].iter_rows(min_row=2, values_only=True)]
    assert str(borough.ama.pk) in ids and str(borough.zara.pk) not in ids

    reasons = list(
        AuditEntry.objects.filter(user_id=borough.coordinator.pk, object_id=str(job.pk))
        .order_by("pk")
        .values_list("action", "reason")
    )
    assert reasons == [
        ("export", "export requested"),
        ("export", "export produced"),
        ("download", ""),
    ]
    produced = AuditEntry.objects.get(object_id=str(job.pk), reason="export produced")
    assert "0 blank cells" in produced.detail["summary"]


def test_a_bad_inspection_date_is_shown_beside_the_field_with_what_was_typed(
    borough, signed_in_client
):
    client = signed_in_client(borough.coordinator)
    response = annex_a_post(client, inspection_date_year="2099", file_format="csv")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Returns and inspection lists" in page
    assert "Inspection date must be today or in the past" in page
    assert 'value="2099"' in page
    assert 'value="csv" checked' in page
    assert not ExportJob.objects.exists()


def test_the_dataset_zip_has_a_file_per_table(borough, signed_in_client):
    client = signed_in_client(borough.manager)
    client.post(reverse("returns-ssd"))
    job = ExportJob.objects.get(kind="ssd")
    export_services.export_run(job_id=job.pk)
    download = client.get(reverse("export-download", args=[job.public_id]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == sorted(f"{name}.csv" for name in TABLE_NAMES)


def test_quarterly_and_census_files_come_from_their_forms(borough, signed_in_client):
    client = signed_in_client(borough.manager)
    client.post(reverse("returns-cin"), {"year": "2025"})
    client.post(reverse("returns-families-first"), {"progress-quarter": "2026-Q1"})
    client.post(reverse("returns-data-linking"), {"linking-quarter": "2026-Q1"})
    jobs = {job.kind: job for job in ExportJob.objects.all()}
    assert set(jobs) == {"cin_census", "families_first_progress", "data_linking_identifiers"}
    for job in jobs.values():
        export_services.export_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == ExportStatus.DONE, job.message
    linking = client.get(
        reverse("export-download", args=[jobs["data_linking_identifiers"].public_id])
    )
    rows = list(csv.reader(io.StringIO(b"".join(linking.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Family ID", "Person ID", "Family name", "Given names"]
    assert any(row[3] == "Ama" for row in rows)


def test_a_missing_quarter_is_an_error_beside_its_own_field(borough, signed_in_client):
    response = signed_in_client(borough.manager).post(reverse("returns-families-first"), {})
    assert response.status_code == 200
    assert "Select the quarter" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_only_the_named_roles_produce_the_identifiers_file_and_a_refusal_is_audited(
    borough, signed_in_client, settings
):
    response = signed_in_client(borough.coordinator).post(
        reverse("returns-data-linking"), {"linking-quarter": "2026-Q1"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(
        user_id=borough.coordinator.pk, action="refused", reason__contains="data linking"
    ).exists()
    settings.DATA_LINKING_ROLES = ["coordinator"]
    allowed = signed_in_client(borough.coordinator).post(
        reverse("returns-data-linking"), {"linking-quarter": "2026-Q1"}
    )
    assert allowed.status_code == 302


@pytest.mark.parametrize("role", [Role.STRATEGIC_LEAD, Role.PRACTITIONER, Role.PARTNER_VIEWER])
def test_no_one_else_reaches_the_returns_or_the_data_quality_page(borough, signed_in_client, role):
    client = signed_in_client(member(role, agency=borough.council))
    assert client.get(reverse("returns")).status_code == 403
    assert client.get(reverse("data-quality")).status_code == 403
    for name in RETURN_URLS:
        assert client.post(reverse(name), {}).status_code == 403, name
    assert not ExportJob.objects.exists()


def test_a_strategic_lead_cannot_ask_for_an_identifiable_export_by_any_door(borough):
    from django.core.exceptions import PermissionDenied

    for kind, params in [
        ("annex_a", {"date": INSPECTION.isoformat(), "format": "xlsx"}),
        ("ssd", {}),
        ("cin_census", {"year": 2025}),
        ("families_first_progress", {"quarter": "2026-Q1"}),
        ("data_linking_identifiers", {"quarter": "2026-Q1"}),
    ]:
        with pytest.raises(PermissionDenied):
            export_services.export_request(actor=borough.strategic_lead, kind=kind, params=params)


def test_the_data_quality_page_lists_what_would_be_blank_and_how_to_fix_it(
    borough, signed_in_client
):
    client = signed_in_client(borough.coordinator)
    response = client.get(
        reverse("data-quality"),
        {"inspection_date_day": "15", "inspection_date_month": "6", "inspection_date_year": "2026"},
    )
    page = response.content.decode()
    assert "15 June 2026" in page
    # Mia: ethnicity, gender and sex not recorded; the unborn baby's gender is unknown too.
    assert "Mia Evans" in page and "Ethnicity not yet obtained" in page
    assert "Sex not recorded" in page
    assert reverse("case-person-change", args=[borough.evans.pk, borough.mia.pk]) in page
    # The Evanses' contact has no source; the agency that raised it has no mapping.
    assert reverse("case-return-codes", args=[borough.evans.pk]) in page
    assert "Riverside Family Project" in page
    # Ama's record is complete; the other zone's child is not shown at all.
    assert "Ama Mensah" not in page and "Zara Foster" not in page
    assert AuditEntry.objects.filter(
        user_id=borough.coordinator.pk, action="search", reason="data quality before a return"
    ).exists()


def test_a_fixed_record_leaves_the_data_quality_page(borough, signed_in_client):
    ContactSourceMapping.objects.create(agency_kind=AgencyKind.OTHER, contact_source="8")
    for person in (borough.mia, borough.baby):
        person.ethnicity, person.gender, person.sex = "WBRI", "female", "F"
        person.save()
    borough.evans.enquiry.contact_source = "8"
    borough.evans.enquiry.save()
    page = signed_in_client(borough.coordinator).get(reverse("data-quality")).content.decode()
    assert "Mia Evans" not in page and "Riverside Family Project" not in page
    # The Clarkes' section 17 episode has its primary need; nothing else is missing.
    assert "Nothing to fix" in page


def test_the_annex_a_command_writes_every_case_and_is_audited(borough, tmp_path):
    output = tmp_path / "annex-a.xlsx"
    out = io.StringIO()
    call_command("annex_a", date="2026-06-15", output=str(output), stdout=out)
    assert "0 blank cells" in out.getvalue()
    book = load_workbook(output)
    ids = [row[0] for row in book["List 1 - Contacts"].iter_rows(min_row=2, values_only=True)]
    assert str(borough.zara.pk) in ids  # the command covers every zone
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.detail["kind"] == "annex_a" and entry.detail["source"] == "command:annex_a"

    zipped = tmp_path / "annex-a.zip"
    call_command("annex_a", date="2026-06-15", output=str(zipped), stdout=io.StringIO())
    assert len(zipfile.ZipFile(zipped).namelist()) == 2


def test_the_annex_a_command_refuses_a_bad_date_or_output(borough, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("annex_a", date="15/06/2026", output=str(tmp_path / "a.xlsx"))
    with pytest.raises(CommandError, match="today or in the past"):
        call_command("annex_a", date="2099-01-01", output=str(tmp_path / "a.xlsx"))
    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("annex_a", date="2026-06-15", output=str(tmp_path / "a.pdf"))


def test_the_dataset_command_writes_a_csv_per_table_and_is_audited(borough, tmp_path):
    out = io.StringIO()
    call_command("ssd_export", output=str(tmp_path / "ssd"), stdout=out)
    written = sorted(p.name for p in (tmp_path / "ssd").iterdir())
    assert written == sorted(f"{name}.csv" for name in TABLE_NAMES)
    header = (
        (tmp_path / "ssd" / "ssd_early_help_episodes.csv").read_text("utf-8-sig").split("\r\n")[0]
    )
    assert header.startswith("earl_episode_id,earl_person_id,earl_episode_start_date")
    assert f"Wrote {len(TABLE_NAMES)} files" in out.getvalue()
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.detail["source"] == "command:ssd_export"

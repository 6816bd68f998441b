"""Moving in the rest of a council's records: `manage.py legacy_import`, with the example
bundle in docs/legacy-import-example/."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cases.models import Case, CaseNote
from cases.models.audit import AuditEntry
from cases.workflow_states import State
from documents.models import Document
from family_plans.models import FamilyPlan, PlanAction, PlanOutcome, PlanVersion, TafMeeting
from partners.roles import AgencyKind, Role
from reporting.models import ImportBatch, ImportedRecord
from reporting.moving_in.batches import import_batch_rollback
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "legacy-import-example"


def run(*args: str) -> str:
    out = StringIO()
    call_command("legacy_import", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """The example bundle, copied so a test may change it, with its families imported
    from the Standard Safeguarding Dataset and its agencies and workers in place."""
    folder = tmp_path / "bundle"
    shutil.copytree(EXAMPLE, folder)
    call_command("ssd_import", str(folder / "ssd"), stdout=StringIO())
    council = AgencyFactory(name="Northgate Early Help Team", kind=AgencyKind.COUNCIL_EARLY_HELP)
    school = AgencyFactory(name="Riverside Primary School", kind=AgencyKind.SCHOOL)
    member(Role.PRACTITIONER, agency=council, user__email="amina.khan@earlyhelp.example")
    member(Role.PRACTITIONER, agency=school, user__email="tom.reed@riverside.example")
    return folder


def rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def without_files(folder: Path) -> None:
    """The bundle with its assessments as text only (a batch that moved in no documents)."""

    def text_only(rows: list[list[str]]) -> None:
        rows[1][4], rows[1][5] = "", "Strengths: Leanne knows what helps. Worries: mornings."

    rewrite(folder / "legacy_assessments.csv", text_only)


def test_the_example_bundle_imports_every_record_with_its_dates_and_people(bundle: Path):
    out = run(str(bundle))

    assert "All rows checked" in out
    assert "Imported as batch" in out
    closed = Case.objects.get(family__name="Okafor household")
    assert closed.state == State.CLOSED
    assert (closed.opened_on, closed.closed_on) == (dt.date(2024, 11, 4), dt.date(2025, 6, 30))
    assert closed.closure_reason == "needs_met"
    assert closed.lead_practitioner.email == "amina.khan@earlyhelp.example"
    assert closed.reference.startswith(getattr(settings, "CASE_REFERENCE_PREFIX", "EH"))
    school_led = Case.objects.get(family__name="Nowak household")
    assert (school_led.state, school_led.lead_agency.name) == (
        State.ALLOCATED,
        "Riverside Primary School",
    )
    assert FamilyPlan.objects.filter(agreed_version=1).count() == 2
    assert PlanVersion.objects.get(plan__case=closed).agreed_on == dt.date(2024, 12, 10)
    assert PlanOutcome.objects.count() == 3
    assert PlanAction.objects.filter(status="done").count() == 3
    breakfast = PlanAction.objects.get(what__startswith="Offer Kai")
    assert breakfast.owner_agency.name == "Riverside Primary School"
    assert TafMeeting.objects.filter(status="held").count() == 2
    visit = CaseNote.objects.get(note_type="visit")
    assert visit.contact_date == dt.date(2025, 9, 8)
    assessment_text = CaseNote.objects.get(case=closed, note_type="other")
    assert "Northgate Early Help Module" in assessment_text.text
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    assert document.document_date == dt.date(2025, 9, 22)
    assert document.case.family.name == "Marsh household"
    batch = ImportBatch.objects.get(source="legacy")
    assert batch.created == ImportedRecord.objects.filter(source="legacy", batch=batch).count()
    assert AuditEntry.objects.filter(reason="Legacy case records imported").count() == 1


def test_a_bad_row_imports_nothing_and_each_bad_row_is_listed_with_file_and_line(bundle: Path):
    def spoil_case(rows: list[list[str]]) -> None:
        rows[2][4] = "30/06/2025"  # closed_on of the second case

    def spoil_note(rows: list[list[str]]) -> None:
        rows[3][2] = "FAX"  # a note type the mapping does not know

    rewrite(bundle / "legacy_cases.csv", spoil_case)
    rewrite(bundle / "legacy_notes.csv", spoil_note)
    out = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("legacy_import", str(bundle), stdout=out, stderr=out)

    listed = out.getvalue()
    assert "legacy_cases.csv line 3: closed_on '30/06/2025' is not a yyyy-mm-dd date" in listed
    assert "legacy_notes.csv line 4: note_type 'FAX' is not in mapping.json's note_types" in listed
    assert not Case.objects.exists()
    assert not ImportBatch.objects.filter(source="legacy").exists()


def test_a_mapping_to_a_code_or_worker_the_product_lacks_is_listed(bundle: Path):
    mapping = json.loads((bundle / "mapping.json").read_text())
    mapping["case_states"]["OPEN_PLAN"] = "open"
    mapping["workers"]["W02"] = "nobody@nowhere.example"
    (bundle / "mapping.json").write_text(json.dumps(mapping))
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("legacy_import", str(bundle), stdout=out, stderr=out)

    assert "case_states: 'OPEN_PLAN' maps to 'open'" in out.getvalue()
    assert "workers: 'W02' maps to no active user nobody@nowhere.example" in out.getvalue()
    assert not Case.objects.exists()


def test_cases_of_families_not_yet_imported_are_refused(bundle: Path):
    rewrite(bundle / "legacy_cases.csv", lambda rows: rows[1].__setitem__(1, "FAM-9"))

    with pytest.raises(CommandError):
        run(str(bundle))

    assert not Case.objects.exists()


def test_a_second_import_of_the_same_bundle_changes_nothing(bundle: Path):
    run(str(bundle))
    before = {
        m.__name__: sorted(m.objects.values_list("pk", flat=True))
        for m in (Case, FamilyPlan, PlanAction, TafMeeting, CaseNote, Document)
    }

    run(str(bundle))

    second = ImportBatch.objects.filter(source="legacy").first()
    assert (second.created, second.updated) == (0, 0)
    assert second.unchanged == ImportedRecord.objects.filter(source="legacy").count()
    after = {
        m.__name__: sorted(m.objects.values_list("pk", flat=True))
        for m in (Case, FamilyPlan, PlanAction, TafMeeting, CaseNote, Document)
    }
    assert after == before


def test_a_newer_export_updates_only_what_changed(bundle: Path):
    run(str(bundle))

    def close_it(rows: list[list[str]]) -> None:
        rows[3][2], rows[3][4], rows[3][5] = "CLOSED", "2025-12-01", "NM"  # the school's case

    rewrite(bundle / "legacy_cases.csv", close_it)
    run(str(bundle))

    newer = ImportBatch.objects.filter(source="legacy").first()
    assert (newer.created, newer.updated) == (0, 1)
    case = Case.objects.get(family__name="Nowak household")
    assert (case.state, case.closed_on) == (State.CLOSED, dt.date(2025, 12, 1))
    assert ImportedRecord.objects.get(object_id=case.pk, table="legacy_cases").last_batch == newer


def test_a_dry_run_counts_and_writes_nothing(bundle: Path):
    out = run(str(bundle), "--dry-run")

    assert "Dry run, nothing written" in out
    assert "3 legacy_cases created" in out
    assert not Case.objects.exists()
    assert not ImportBatch.objects.filter(source="legacy").exists()


def test_a_batch_is_rolled_back_while_nothing_has_been_built_on_it(bundle: Path):
    without_files(bundle)
    run(str(bundle))
    batch = ImportBatch.objects.get(source="legacy")

    out = run("--rollback", str(batch.pk))

    assert f"Rolled back batch {batch.pk}" in out
    assert not Case.objects.exists()
    assert not FamilyPlan.objects.exists()
    assert not CaseNote.objects.exists()
    assert not ImportedRecord.objects.filter(source="legacy").exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ROLLED_BACK
    assert AuditEntry.objects.filter(reason="Import batch rolled back").exists()


def test_a_batch_with_a_note_added_since_is_not_rolled_back(bundle: Path):
    without_files(bundle)
    run(str(bundle))
    batch = ImportBatch.objects.get(source="legacy")
    case = Case.objects.get(family__name="Marsh household")
    CaseNote.objects.create(
        case=case,
        note_type="call",
        contact_date=dt.date(2026, 1, 5),
        text="Called Leanne.",
        author=case.lead_practitioner,
    )

    with pytest.raises(CommandError, match="records have been added to its cases since"):
        run("--rollback", str(batch.pk))

    assert Case.objects.count() == 3


def test_a_batch_that_moved_in_documents_says_why_it_cannot_be_rolled_back(bundle: Path):
    run(str(bundle))
    batch = ImportBatch.objects.get(source="legacy")

    with pytest.raises(Exception, match="it moved in documents"):
        import_batch_rollback(actor=None, batch_id=batch.pk)

    assert Case.objects.count() == 3


# --------------------------------------------------------------------------- the page


@pytest.fixture
def admin(signed_in_client):  # type: ignore[no-untyped-def]
    return signed_in_client(member(Role.SYSTEM_ADMIN))


def test_the_import_batches_page_lists_batches_with_their_counts_and_state(bundle: Path, admin):
    without_files(bundle)
    run(str(bundle))
    batch = ImportBatch.objects.get(source="legacy")

    page = admin.get(reverse("import-batches")).content.decode()
    only_legacy = admin.get(reverse("import-batches"), {"source": "legacy"}).content.decode()

    assert "Legacy case records" in page and "Standard Safeguarding Dataset" in page
    assert f'<td class="govuk-table__cell govuk-table__cell--numeric">{batch.created}</td>' in page
    assert reverse("import-batch-rollback", args=[batch.pk]) in page
    assert "Standard Safeguarding Dataset" not in only_legacy.split("<table")[1]


def test_rolling_back_from_the_page_asks_first_then_removes_the_batch(bundle: Path, admin):
    without_files(bundle)
    run(str(bundle))
    batch = ImportBatch.objects.get(source="legacy")
    url = reverse("import-batch-rollback", args=[batch.pk])

    confirm = admin.get(url).content.decode()
    assert Case.objects.count() == 3
    response = admin.post(url)

    assert f"Roll back import batch {batch.pk}?" in confirm
    assert response.status_code == 302
    assert not Case.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ROLLED_BACK
    assert AuditEntry.objects.filter(reason="Import batch rolled back", user__isnull=False).exists()


def test_the_page_says_why_a_batch_that_has_been_built_on_cannot_be_rolled_back(
    bundle: Path, admin
):
    run(str(bundle))
    families = ImportBatch.objects.get(source="ssd")

    response = admin.post(reverse("import-batch-rollback", args=[families.pk]))

    page = response.content.decode()
    assert response.status_code == 400
    assert "The batch was not rolled back" in page
    assert "a case has been opened for one of its families" in page
    assert Case.objects.count() == 3

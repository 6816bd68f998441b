"""Moving a whole borough in with the Standard Safeguarding Dataset: every table
`ssd_export` writes, read back by `ssd_import` into an empty database, and exported
again, gives the same files apart from the ids this database generates afresh."""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from assessments.models import AssessmentSection, MeasureReading, MeasureType
from cases.models import (
    Case,
    CaseTeamMember,
    Enquiry,
    Family,
    LeadPractitionerAssignment,
    Person,
)
from cases.models.audit import AuditEntry
from partners.models import Agency, User
from reporting.models import ImportBatch, ImportedRecord
from reporting.moving_in.ssd_case_rows import involvement_key
from reporting.moving_in.ssd_rows import Row
from tests.cases.factories import TeamMemberFactory
from tests.reporting.returns_data import build_borough

pytestmark = pytest.mark.django_db


def build_demo_borough() -> None:
    """The returns tests' borough, with an SDQ score, a child's words and SEND."""
    borough = build_borough()
    sdq = MeasureType.objects.get(short_name="SDQ total difficulties")
    MeasureReading.objects.create(
        case=borough.clarke,
        measure=sdq,
        person=borough.lily,
        score=19,
        taken_on=dt.date(2025, 9, 12),
        occasion="before",
        recorded_by=borough.worker,
    )
    section = AssessmentSection.objects.get(person=borough.ama)
    section.data = {"voice": "I like it when Mum walks me to school."}
    section.save()
    Person.objects.filter(pk=borough.kofi.pk).update(
        send=True, disability="Dyslexia", has_disability=True
    )


def export(folder: Path) -> dict[str, list[dict[str, str]]]:
    """Run `manage.py ssd_export` and read back what it wrote."""
    call_command("ssd_export", "--output", str(folder), stdout=StringIO())
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            tables[path.stem] = list(csv.DictReader(handle))
    return tables


def empty_database() -> None:
    """No families, people, cases or staff; the partnership's agencies, zones, case types
    and measures stay, as in a council that has set up the product and not moved in.
    TRUNCATE is transactional in PostgreSQL, so the test's transaction restores it all."""
    tables = ", ".join(m._meta.db_table for m in (User, Family, Person, Case))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def run(*args: str) -> str:
    out = StringIO()
    call_command("ssd_import", *args, stdout=out, stderr=out)
    return out.getvalue()


class OldIds:
    """Translates the ids of the second export back into the first's, through the
    source ids each imported record keeps (ImportedRecord)."""

    def __init__(self, first: dict[str, list[dict[str, str]]]) -> None:
        self.of: dict[tuple[str, int], str] = {}
        for record in ImportedRecord.objects.all():
            self.of[(record.model, record.object_id)] = record.source_id
        enquiry_of_case = {
            r["cont_case_id"]: r["cont_contact_id"].split("-")[0] for r in first["ssd_contacts"]
        }
        for enquiry in Enquiry.objects.all():
            self.of[("enquiry", enquiry.pk)] = enquiry_of_case[
                self.of[("cases.case", enquiry.case_id)]
            ]
        old_involvement = {
            involvement_key(Row(0, r)): r["invo_involvements_id"].split("-")[0][1:]
            for r in first["ssd_involvements"]
        }
        for model in (LeadPractitionerAssignment, CaseTeamMember):
            for pk in model.objects.values_list("pk", flat=True):
                key = self.of[(model._meta.label_lower, pk)]
                self.of[("involvement", pk)] = old_involvement[key]

    def __call__(self, kind: str, value: str) -> str:
        return self.of[(kind, int(value))] if value else value

    def pair(self, first: str, second: str, value: str) -> str:
        a, b = value.split("-", 1)
        return f"{self(first, a)}-{self(second, b)}"


def translate(tables: dict[str, list[dict[str, str]]], old: OldIds) -> None:
    person, case, user = "cases.person", "cases.case", "partners.user"
    columns = {
        "pers_person_id": person,
        "fami_family_id": "cases.family",
        "fami_person_id": person,
        "link_table_id": "cases.personidentifier",
        "link_person_id": person,
        "cont_person_id": person,
        "cont_case_id": case,
        "cont_family_id": "cases.family",
        "earl_person_id": person,
        "earl_episode_worker_id": user,
        "earl_case_id": case,
        "invo_professional_id": user,
        "invo_person_id": person,
        "invo_referral_id": case,
        "prof_professional_id": user,
        "addr_person_id": person,
        "disa_table_id": person,
        "disa_person_id": person,
        "cine_person_id": person,
        "cine_referral_worker_id": user,
        "cine_case_id": case,
        "csdq_table_id": "assessments.measurereading",
        "csdq_person_id": person,
        "csdq_case_id": case,
        "send_table_id": person,
        "send_person_id": person,
        "voch_table_id": "assessments.assessmentsection",
        "voch_person_id": person,
        "voch_case_id": case,
    }
    for rows in tables.values():
        for row in rows:
            for column, value in row.items():
                if column in columns:
                    row[column] = old(columns[column], value)
            if "cont_contact_id" in row:
                row["cont_contact_id"] = old.pair("enquiry", person, row["cont_contact_id"])
            for column in ("earl_episode_id", "cine_referral_id"):
                if column in row:
                    row[column] = old.pair(case, person, row[column])
            if "invo_involvements_id" in row:
                kind, rest = row["invo_involvements_id"][0], row["invo_involvements_id"][1:]
                row["invo_involvements_id"] = kind + old.pair("involvement", person, rest)
            if "addr_table_id" in row:
                family, member, joined = row["addr_table_id"].split("-", 2)
                row["addr_table_id"] = (
                    f"{old('cases.family', family)}-{old(person, member)}-{joined}"
                )


def sorted_rows(
    tables: dict[str, list[dict[str, str]]],
) -> dict[str, list[list[tuple[str, str]]]]:
    return {name: sorted(list(r.items()) for r in rows) for name, rows in tables.items()}


def test_export_import_export_gives_identical_files_apart_from_generated_ids(tmp_path: Path):
    build_demo_borough()
    first = export(tmp_path / "first")
    assert {name for name, rows in first.items() if not rows} == set()  # every table has rows
    empty_database()
    assert Agency.objects.filter(name="Hillside Primary").exists()  # the partnership stays
    assert not User.objects.exists()
    out = run(str(tmp_path / "first"))
    assert "Imported as batch" in out
    second = export(tmp_path / "second")
    assert sorted(second) == sorted(first)
    translate(second, OldIds(first))
    assert sorted_rows(second) == sorted_rows(first)
    # Professionals are inactive staff of their agency, who can never sign in.
    staff = User.objects.exclude(email="moving-in@earlyhelp.invalid")
    assert staff.count() == len(first["ssd_professionals"])
    assert not staff.filter(is_active=True).exists()
    assert not any(u.has_usable_password() for u in staff)
    assert {m.agency.name for u in staff for m in u.memberships.all()} == {
        "Northborough Early Help",
        "Hillside Primary",
    }


def test_the_demo_borough_round_trips(tmp_path: Path):
    """The demo's own builders, at a small size: reassigned leads, closures, step-ups,
    section 17 cases and every kind of agency."""
    call_command("seed_demo", "--families", "20", stdout=StringIO())
    first = export(tmp_path / "first")
    filled = {name for name, rows in first.items() if rows}
    assert filled >= {"ssd_involvements", "ssd_cin_episodes", "ssd_send", "ssd_voice_of_child"}
    assert len(first["ssd_early_help_episodes"]) > 5
    empty_database()
    run(str(tmp_path / "first"))
    second = export(tmp_path / "second")
    translate(second, OldIds(first))
    assert sorted_rows(second) == sorted_rows(first)


def test_the_files_of_the_second_export_are_byte_for_byte_the_first_once_renumbered(
    tmp_path: Path,
):
    """The same proof on the written bytes: a second import of the second export's own
    files changes nothing, and a third export equals the second byte for byte."""
    build_demo_borough()
    export(tmp_path / "first")
    empty_database()
    run(str(tmp_path / "first"))
    export(tmp_path / "second")
    run(str(tmp_path / "first"))
    batch = ImportBatch.objects.first()
    assert batch is not None
    assert (batch.created, batch.updated) == (0, 0)
    export(tmp_path / "third")
    for path in sorted((tmp_path / "second").glob("*.csv")):
        assert path.read_bytes() == (tmp_path / "third" / path.name).read_bytes(), path.name


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    build_demo_borough()
    export(tmp_path / "export")
    empty_database()
    return tmp_path / "export"


def rewrite(path: Path, column: str, line: int, value: str) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_bad_casework_row_imports_nothing_and_each_bad_row_is_listed(exported: Path):
    rewrite(exported / "ssd_involvements.csv", "invo_professional_team", 2, "Nowhere School")
    rewrite(exported / "ssd_early_help_episodes.csv", "earl_episode_start_date", 3, "20/01/26")
    rewrite(exported / "ssd_sdq_scores.csv", "csdq_sdq_score", 2, "41")
    out = StringIO()
    with pytest.raises(CommandError, match="3 bad rows: nothing was imported"):
        call_command("ssd_import", str(exported), stdout=out, stderr=out)
    listed = out.getvalue()
    assert (
        "ssd_involvements.csv line 2: there is no agency named 'Nowhere School': add it first"
    ) in listed
    assert "ssd_early_help_episodes.csv line 3: earl_episode_start_date '20/01/26'" in listed
    assert "ssd_sdq_scores.csv line 2: csdq_sdq_score '41' is not 0 to 40" in listed
    assert (Case.objects.count(), Person.objects.count(), User.objects.count()) == (0, 0, 0)
    assert not ImportBatch.objects.exists()


def test_a_second_import_changes_nothing_and_a_newer_export_updates_the_case(exported: Path):
    run(str(exported))
    cases = list(Case.objects.order_by("pk").values())
    run(str(exported))
    assert list(Case.objects.order_by("pk").values()) == cases
    second = ImportBatch.objects.first()
    assert second is not None
    assert (second.created, second.updated) == (0, 0)

    rewrite(exported / "ssd_sdq_scores.csv", "csdq_sdq_score", 2, "12")
    run(str(exported))
    third = ImportBatch.objects.first()
    assert third is not None
    assert (third.created, third.updated) == (0, 1)
    assert MeasureReading.objects.get().score == 12


def test_a_batch_of_casework_rolls_back_while_nothing_is_built_on_it(exported: Path):
    run(str(exported))
    batch = ImportBatch.objects.get()
    assert "Rolled back batch" in run("--rollback", str(batch.pk))
    assert (Case.objects.count(), Enquiry.objects.count(), Person.objects.count()) == (0, 0, 0)
    assert list(User.objects.values_list("email", flat=True)) == ["moving-in@earlyhelp.invalid"]
    assert not MeasureReading.objects.exists()


def test_a_rollback_is_refused_once_work_is_recorded_on_an_imported_case(exported: Path):
    run(str(exported))
    batch = ImportBatch.objects.get()
    case = Case.objects.filter(team__isnull=False).first()
    assert case is not None
    TeamMemberFactory(case=case)
    with pytest.raises(CommandError, match="were recorded on its cases"):
        run("--rollback", str(batch.pk))
    assert Case.objects.filter(pk=case.pk).exists()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED


def drop_columns(path: Path, *columns: str) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept = [c for c in rows[0] if c not in columns]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, kept, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def test_a_councils_files_without_this_products_columns_import_a_case_per_contact(
    exported: Path,
):
    """What a council's system writes: the dataset's columns only. Each contact opens a
    case; an episode joins its child's contact; the lead follows the episode."""
    drop_columns(
        exported / "ssd_contacts.csv",
        "cont_case_id",
        "cont_family_id",
        "cont_case_state",
        "cont_case_type",
        "cont_screening_outcome",
        "cont_closed_date",
        "cont_closure_reason",
    )
    drop_columns(exported / "ssd_early_help_episodes.csv", "earl_case_id")
    for name in ("ssd_cin_episodes", "ssd_sdq_scores", "ssd_voice_of_child"):
        (exported / f"{name}.csv").unlink()
    with (exported / "ssd_contacts.csv").open(encoding="utf-8-sig") as handle:
        contacts = len(handle.read().splitlines()) - 1
    run(str(exported))
    assert Case.objects.count() == contacts
    ama = Person.objects.get(given_names="Ama")
    case = Case.objects.get(enquiry__children=ama)
    assert (case.state, case.opened_on, case.closed_on) == ("allocated", dt.date(2026, 1, 10), None)
    assert case.lead_practitioner is not None
    assert case.lead_history.get().started_at.date() == dt.date(2026, 1, 20)
    assert case.team.get().role_on_case == "Class teacher"
    dunn = Case.objects.get(enquiry__children__family_name="Dunn")
    assert (dunn.state, dunn.closed_on, dunn.closure_reason) == (
        "closed",
        dt.date(2025, 11, 1),
        "needs_met",  # "Outcomes met", the episode's end reason
    )
    evans = Case.objects.get(enquiry__children__family_name="Evans")
    assert (evans.state, evans.closed_on, evans.screening_outcome) == (
        "closed",
        dt.date(2026, 3, 3),
        "no_further_action",
    )


def test_a_dry_run_checks_and_counts_the_casework_and_writes_nothing(exported: Path):
    out = run(str(exported), "--dry-run")
    assert "Dry run, nothing written" in out
    assert "ssd_case created" in out
    assert (Case.objects.count(), Person.objects.count(), User.objects.count()) == (0, 0, 0)


def test_an_import_reports_progress_and_is_audited(exported: Path, monkeypatch):
    monkeypatch.setattr("reporting.moving_in.services.PROGRESS_EVERY", 10)
    out = run(str(exported))
    assert "All rows checked" in out
    assert "10 rows written" in out
    entry = AuditEntry.objects.get(reason="Standard Safeguarding Dataset imported")
    assert entry.detail["counts"]["ssd_case created"] == Case.objects.count()


def test_a_newer_export_closing_a_case_closes_it_here(exported: Path):
    run(str(exported))
    with (exported / "ssd_contacts.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    open_case = next(r["cont_case_id"] for r in rows if r["cont_case_state"] == "assessment")
    for row in rows:
        if row["cont_case_id"] == open_case:
            row.update(cont_case_state="closed", cont_closed_date="2026-06-01")
            row.update(cont_closure_reason="needs_met")
    with (exported / "ssd_contacts.csv").open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    run(str(exported))
    record = ImportedRecord.objects.get(table="ssd_case", source_id=open_case)
    case = Case.objects.get(pk=record.object_id)
    assert (case.state, case.closed_on, case.closure_reason) == (
        "closed",
        dt.date(2026, 6, 1),
        "needs_met",
    )
    assert case.transitions.filter(to_state="closed").count() == 1
    batch = ImportBatch.objects.first()
    assert batch is not None
    assert (batch.created, batch.updated) == (1, 1)  # the closing step; the case


def test_professionals_already_here_are_matched_by_email_and_never_rolled_back(tmp_path: Path):
    build_demo_borough()
    first = export(tmp_path / "first")
    with connection.cursor() as cursor:  # families, people and cases go; staff stay
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tables = ", ".join(m._meta.db_table for m in (Family, Person, Case))
        cursor.execute(f"TRUNCATE {tables} CASCADE")
    staff = set(User.objects.values_list("pk", "is_active", "password"))
    run(str(tmp_path / "first"))
    matched = ImportedRecord.objects.filter(table="ssd_professionals_matched")
    assert matched.count() == len(first["ssd_professionals"])
    assert not ImportedRecord.objects.filter(table="ssd_professionals").exists()
    assert (
        set(
            User.objects.exclude(email="moving-in@earlyhelp.invalid").values_list(
                "pk", "is_active", "password"
            )
        )
        == staff
    )
    worker = User.objects.get(pk=matched.first().object_id)  # type: ignore[union-attr]
    assert Case.objects.filter(lead_practitioner=worker).exists()
    run("--rollback", str(ImportBatch.objects.get().pk))
    assert not Case.objects.exists()
    assert User.objects.filter(pk=worker.pk, is_active=True).exists()


def test_a_newer_export_never_changes_a_professional_who_has_been_given_access(
    exported: Path,
):
    run(str(exported))
    record = ImportedRecord.objects.filter(table="ssd_professionals").first()
    assert record is not None
    user = User.objects.get(pk=record.object_id)
    user.is_active = True
    user.set_password("a long enough passphrase")
    user.save()
    rewrite(exported / "ssd_professionals.csv", "prof_professional_name", 2, "Someone Else")
    rewrite(exported / "ssd_professionals.csv", "prof_professional_name", 3, "Someone Else")
    run(str(exported))
    user.refresh_from_db()
    assert user.is_active and user.has_usable_password()
    assert user.full_name != "Someone Else"
    others = User.objects.filter(full_name="Someone Else")
    assert others.count() == 1  # the other professional, never given access, is renamed
    assert not others.get().is_active


def test_a_rollback_is_refused_once_an_imported_assessment_is_written_in(exported: Path):
    run(str(exported))
    imported = AssessmentSection.objects.first()
    assert imported is not None
    AssessmentSection.objects.create(
        assessment=imported.assessment,
        key="family",
        kind="family",
        updated_by=imported.updated_by,
    )
    with pytest.raises(CommandError, match="an assessment it made has been written in"):
        run("--rollback", str(ImportBatch.objects.get().pk))

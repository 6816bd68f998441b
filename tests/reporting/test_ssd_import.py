"""Moving in with the Standard Safeguarding Dataset: `manage.py ssd_import`."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cases.models import Case, Family, HouseholdMember, Person, PersonIdentifier
from cases.models.audit import AuditEntry
from reporting.models import ImportBatch, ImportedRecord
from reporting.returns.ssd import household_tables
from tests.reporting.returns_data import build_borough

pytestmark = pytest.mark.django_db


def export_households(folder: Path) -> dict[str, list[list[str]]]:
    """Write the household tables of every family, as ssd_export writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = household_tables(family_ids=set(Family.objects.values_list("pk", flat=True)))
    rows: dict[str, list[list[str]]] = {}
    for table in tables:
        (folder / f"{table.name}.csv").write_bytes(table.csv_bytes())
        rows[table.name] = [[table.text(v) for v in row] for row in table.rows]
    return rows


def forget_every_household() -> None:
    """An empty database, as far as the case tables go: TRUNCATE is transactional in
    PostgreSQL, so the test's transaction puts everything back afterwards."""
    tables = ", ".join(m._meta.db_table for m in (Family, Person, Case))
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def counts() -> tuple[int, int, int, int]:
    return (
        Person.objects.count(),
        Family.objects.count(),
        HouseholdMember.objects.count(),
        PersonIdentifier.objects.count(),
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("ssd_import", *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    build_borough()
    export_households(tmp_path / "export")
    forget_every_household()
    return tmp_path / "export"


def rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_bad_row_imports_nothing_and_each_bad_row_is_listed(exported: Path):
    def spoil(rows: list[list[str]]) -> None:
        rows[1][1] = "X"  # pers_sex
        rows[2][4] = "15/06/2016"  # pers_dob

    rewrite(exported / "ssd_person.csv", spoil)
    out = StringIO()
    with pytest.raises(CommandError, match="2 bad rows: nothing was imported"):
        call_command("ssd_import", str(exported), stdout=out, stderr=out)
    assert "ssd_person.csv line 2: pers_sex 'X' is not F, M or U" in out.getvalue()
    assert "ssd_person.csv line 3: pers_dob '15/06/2016' is not a yyyy-mm-dd date" in (
        out.getvalue()
    )
    assert counts() == (0, 0, 0, 0)
    assert not ImportBatch.objects.exists()


def test_a_dry_run_counts_and_writes_nothing(exported: Path):
    assert "Dry run, nothing written" in run(str(exported), "--dry-run")
    assert counts() == (0, 0, 0, 0)


def test_a_second_import_of_the_same_files_changes_nothing(exported: Path):
    run(str(exported))
    before = counts()
    people = list(Person.objects.order_by("pk").values())
    out = run(str(exported))
    assert counts() == before
    assert list(Person.objects.order_by("pk").values()) == people
    second = ImportBatch.objects.first()
    assert second is not None
    assert (second.created, second.updated) == (0, 0)
    assert "Imported as batch" in out


def test_a_newer_export_updates_what_changed(exported: Path):
    run(str(exported))

    def rename(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("pers_surname")] = "Mensah-Owusu"

    rewrite(exported / "ssd_person.csv", rename)
    run(str(exported))
    batch = ImportBatch.objects.first()
    assert batch is not None
    assert (batch.created, batch.updated) == (0, 1)
    assert Person.objects.filter(family_name="Mensah-Owusu").count() == 1


def test_a_batch_rolls_back_while_nothing_is_built_on_it(exported: Path):
    run(str(exported))
    batch = ImportBatch.objects.get()
    assert "Rolled back batch" in run("--rollback", str(batch.pk))
    assert counts() == (0, 0, 0, 0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.ROLLED_BACK
    assert not ImportedRecord.objects.exists()
    assert AuditEntry.objects.filter(reason="Import batch rolled back").count() == 1


def test_a_batch_with_a_case_built_on_it_is_not_rolled_back(exported: Path):
    run(str(exported))
    batch = ImportBatch.objects.get()
    family = Family.objects.first()
    assert family is not None
    from tests.cases.factories import CaseFactory

    CaseFactory(family=family)
    with pytest.raises(CommandError, match="a case has been opened for one of its families"):
        run("--rollback", str(batch.pk))
    assert Family.objects.filter(pk=family.pk).exists()


def test_export_import_export_gives_the_same_files_apart_from_generated_ids(tmp_path: Path):
    build_borough()
    first = export_households(tmp_path / "first")
    forget_every_household()
    run(str(tmp_path / "first"))
    new_id = {(r.table, r.source_id): str(r.object_id) for r in ImportedRecord.objects.all()}
    person = {s: o for (t, s), o in new_id.items() if t == "ssd_person"}
    family = {s: o for (t, s), o in new_id.items() if t == "ssd_family"}

    def membership(old: str) -> str:
        family_id, person_id, joined = old.split("-", 2)
        return f"{family[family_id]}-{person[person_id]}-{joined}"

    renumber = {
        "ssd_person": lambda r: [person[r[0]], *r[1:]],
        "ssd_family": lambda r: [family[r[0]], person[r[1]], *r[2:]],
        "ssd_linked_identifiers": lambda r: [
            new_id[("ssd_linked_identifiers", r[0])],
            person[r[1]],
            *r[2:],
        ],
        "ssd_address": lambda r: [membership(r[0]), person[r[1]], *r[2:]],
        "ssd_disability": lambda r: [person[r[0]], person[r[1]], *r[2:]],
    }
    expected = {name: sorted(renumber[name](r) for r in rows) for name, rows in first.items()}
    second = export_households(tmp_path / "second")
    assert {name: sorted(rows) for name, rows in second.items()} == expected
    assert len(second["ssd_person"]) > 5

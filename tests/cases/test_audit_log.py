"""The audit log is append-only and hash-chained; tampering is refused or detected."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from cases.audit import audit_record, verify_chain
from cases.models import AuditEntry

pytestmark = pytest.mark.django_db


def write_entries(n: int = 3) -> list[AuditEntry]:
    return [audit_record(actor=None, action="view", reason=f"entry {i}") for i in range(n)]


def test_entries_are_chained_each_to_the_one_before():
    write_entries(3)
    rows = list(AuditEntry.objects.order_by("id"))
    assert rows[0].prev_hash == ""
    assert rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash
    assert all(len(r.hash) == 64 for r in rows)
    assert verify_chain().ok


def test_the_returned_entry_is_the_stored_row():
    entry = audit_record(actor=None, action="view", reason="check the id")
    assert AuditEntry.objects.get(pk=entry.pk).reason == "check the id"


def test_updating_an_entry_through_the_orm_is_refused():
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="nothing to see")


def test_deleting_an_entry_through_the_orm_is_refused():
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_updating_or_deleting_with_raw_sql_is_refused():
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE cases_auditentry SET reason = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_auditentry WHERE id = %s", [entry.pk])


def _with_triggers_disabled(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE cases_auditentry DISABLE TRIGGER ALL")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE cases_auditentry ENABLE TRIGGER ALL")


def test_verify_audit_detects_a_row_altered_with_triggers_disabled():
    entries = write_entries(4)
    _with_triggers_disabled(
        "UPDATE cases_auditentry SET reason = 'edited' WHERE id = %s", [entries[2].pk]
    )
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_id == entries[2].pk
    assert "changed after it was written" in report.problem
    with pytest.raises(Exception, match="chain broken"):
        call_command("verify_audit")


def test_verify_audit_detects_a_row_removed_with_triggers_disabled():
    entries = write_entries(4)
    _with_triggers_disabled("DELETE FROM cases_auditentry WHERE id = %s", [entries[1].pk])
    report = verify_chain()
    assert report.first_broken_id == entries[2].pk
    assert "removed" in report.problem


def test_verify_audit_passes_on_an_intact_log(capsys):
    write_entries(5)
    call_command("verify_audit")
    assert "Audit log intact: 5 entries" in capsys.readouterr().out


def test_an_audit_entry_is_rolled_back_with_the_write_it_records():
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="create", reason="doomed")
        raise RuntimeError("the write failed")
    assert not AuditEntry.objects.filter(reason="doomed").exists()
    write_entries(1)
    assert verify_chain().ok

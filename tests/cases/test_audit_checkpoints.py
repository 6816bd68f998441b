"""Signed checkpoints make a deleted tail, a rewritten chain or a forged checkpoint show,
even when done by the database's owner with the triggers disabled."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cases.audit import audit_record, verify_chain
from cases.audit_checkpoints import audit_checkpoint_write, key_id, verify_checkpoints
from cases.models import AuditCheckpoint, AuditEntry
from cases.models.audit import CONTENT_HASH_SQL, HASHED_FIELDS_SQL

pytestmark = pytest.mark.django_db


def write_entries(n: int) -> list[AuditEntry]:
    """Entries as stored (the trigger sets their hashes)."""
    ids = [audit_record(actor=None, action="view", reason=f"entry {i}").pk for i in range(n)]
    return list(AuditEntry.objects.filter(pk__in=ids).order_by("id"))


def as_owner_with_triggers_disabled(*statements: tuple[str, list[object]]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE cases_auditentry DISABLE TRIGGER ALL")
        cursor.execute("ALTER TABLE cases_auditcheckpoint DISABLE TRIGGER ALL")
        for sql, params in statements:
            cursor.execute(sql, params)
        cursor.execute("ALTER TABLE cases_auditentry ENABLE TRIGGER ALL")
        cursor.execute("ALTER TABLE cases_auditcheckpoint ENABLE TRIGGER ALL")


def verify_audit_fails() -> str:
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit")
    return str(refused.value)


def test_a_checkpoint_signs_the_head_once_and_verify_audit_checks_it(capsys):
    entries = write_entries(3)
    checkpoint = audit_checkpoint_write()
    assert checkpoint is not None
    assert (checkpoint.last_entry_id, checkpoint.last_hash) == (entries[-1].pk, entries[-1].hash)
    assert checkpoint.entries == 3 and len(checkpoint.signature) == 64
    assert audit_checkpoint_write() is None  # nothing new: nothing signed twice
    write_entries(1)
    second = audit_checkpoint_write()
    assert second is not None and second.prev_signature == checkpoint.signature
    call_command("verify_audit")
    assert "signed checkpoints checked: 2" in capsys.readouterr().out


def test_deleting_the_last_rows_as_the_owner_with_triggers_disabled_is_reported():
    entries = write_entries(6)
    audit_checkpoint_write()
    doomed = [e.pk for e in entries[-3:]]

    as_owner_with_triggers_disabled(("DELETE FROM cases_auditentry WHERE id = ANY(%s)", [doomed]))

    assert verify_chain().ok  # the hash chain alone cannot see a missing tail
    problem = verify_audit_fails()
    assert f"entry {entries[-1].pk}" in problem and "entries were deleted" in problem


def test_rewriting_the_whole_chain_as_the_owner_is_reported():
    entries = write_entries(4)
    audit_checkpoint_write()
    rehash = (
        "UPDATE cases_auditentry SET hash = encode(sha256(convert_to("  # noqa: S608
        + HASHED_FIELDS_SQL.format(r="cases_auditentry")
        + ", 'UTF8')), 'hex') WHERE id = %s"
    )
    relink = (
        "UPDATE cases_auditentry SET prev_hash = coalesce((SELECT p.hash FROM "
        "cases_auditentry p WHERE p.id < %s ORDER BY p.id DESC LIMIT 1), '') WHERE id = %s"
    )
    # Change an entry, then recompute every hash after it, as a careful forger would.
    statements: list[tuple[str, list[int]]] = [
        ("UPDATE cases_auditentry SET reason = 'nothing to see' WHERE id = %s", [entries[1].pk]),
        (
            "UPDATE cases_auditentry SET content_hash = "  # noqa: S608
            + CONTENT_HASH_SQL.format(r="cases_auditentry")
            + " WHERE id = %s",
            [entries[1].pk],
        ),
    ]
    for entry in entries[1:]:
        statements += [(relink, [entry.pk, entry.pk]), (rehash, [entry.pk])]
    as_owner_with_triggers_disabled(*statements)

    assert verify_chain().ok  # a consistent forgery of the chain...
    assert "the chain was rewritten" in verify_audit_fails()  # ...that the signature sees


def test_a_checkpoint_forged_without_the_key_is_reported():
    """Whoever can insert (the app's role) cannot sign: a forged head does not pass."""
    entries = write_entries(2)
    audit_checkpoint_write()
    forged = write_entries(1)[0]
    AuditCheckpoint.objects.create(
        last_entry_id=forged.pk,
        last_hash=forged.hash,
        entries=3,
        key_id=key_id(settings.AUDIT_CHECKPOINT_KEY.encode()),
        prev_signature=AuditCheckpoint.objects.get().signature,
        signature="f" * 64,
    )
    assert entries and "not signed with the audit key" in verify_audit_fails()


def test_a_checkpoint_of_another_key_is_not_trusted_but_noted():
    entries = write_entries(2)
    AuditCheckpoint.objects.create(
        last_entry_id=entries[-1].pk,
        last_hash=entries[-1].hash,
        entries=2,
        key_id="0" * 16,
        signature="f" * 64,
    )
    report = verify_checkpoints()
    assert report.ok
    assert any("another key" in note for note in report.notes)


def test_a_checkpoint_altered_or_removed_from_the_middle_is_reported(settings):
    write_entries(2)
    first = audit_checkpoint_write()
    write_entries(2)
    audit_checkpoint_write()
    write_entries(2)
    audit_checkpoint_write()
    as_owner_with_triggers_disabled(
        ("UPDATE cases_auditcheckpoint SET entries = entries + 1 WHERE id = %s", [first.pk])
    )
    assert "not signed with the audit key" in verify_audit_fails()

    as_owner_with_triggers_disabled(
        ("DELETE FROM cases_auditcheckpoint WHERE id = %s", [first.pk + 1])
    )
    assert "does not follow the checkpoint before it" in verify_audit_fails()


def test_the_checkpoint_file_shows_checkpoints_removed_with_their_entries(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    write_entries(2)
    with django_capture_on_commit_callbacks(execute=True):
        audit_checkpoint_write()
    entries = write_entries(2)
    with django_capture_on_commit_callbacks(execute=True):
        last = audit_checkpoint_write()
    assert last is not None
    lines = (tmp_path / "audit-checkpoints.jsonl").read_text().splitlines()
    assert [json.loads(line)["signature"] for line in lines][-1] == last.signature

    # The owner removes the newest checkpoint and every entry it signed.
    as_owner_with_triggers_disabled(
        ("DELETE FROM cases_auditcheckpoint WHERE id = %s", [last.pk]),
        ("DELETE FROM cases_auditentry WHERE id = ANY(%s)", [[e.pk for e in entries]]),
    )

    assert "missing from the database" in verify_audit_fails()


def test_entries_long_after_the_last_checkpoint_are_reported_as_stale(settings):
    settings.AUDIT_CHECKPOINT_MINUTES = 15
    write_entries(2)
    audit_checkpoint_write()
    AuditEntry.objects.create(action="view", at=timezone.now() + dt.timedelta(hours=2))
    assert "checkpoints stopped or were removed" in verify_audit_fails()


def test_checkpoints_are_append_only():
    write_entries(1)
    checkpoint = audit_checkpoint_write()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(entries=99)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditCheckpoint.objects.filter(pk=checkpoint.pk).delete()


def test_without_a_key_nothing_is_signed_and_verify_says_so(settings, capsys):
    settings.AUDIT_CHECKPOINT_KEY = ""
    write_entries(1)
    assert audit_checkpoint_write() is None
    call_command("verify_audit")
    assert "AUDIT_CHECKPOINT_KEY is not set" in capsys.readouterr().out


def test_beat_signs_the_chain_on_a_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["audit-checkpoint"]
    assert entry["task"] == "cases.tasks.audit_checkpoint"
    from cases.tasks import audit_checkpoint

    write_entries(1)
    assert audit_checkpoint.apply().result == AuditCheckpoint.objects.get().pk

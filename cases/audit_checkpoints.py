"""Signed checkpoints of the audit chain: what makes a deleted tail or a rewritten chain
show, even to someone holding the database.

What each layer stops:

- The app's database role (earlyhelp/db_roles.py) may only SELECT and INSERT on the log
  and its checkpoints: it cannot UPDATE, DELETE, TRUNCATE, drop or disable a trigger.
  Someone holding the app's credentials can add entries, and nothing else.
- The hash chain (cases/models/audit.py) shows a row changed or removed in the middle.
  It cannot show the last rows removed, or every hash recomputed after a change, since
  its hash has no secret in it: that needs the owner role, but the owner role can do it.
- A checkpoint (`audit_checkpoint_write`, run by beat every AUDIT_CHECKPOINT_MINUTES)
  signs the head of the chain — the last entry's id and hash and the number of entries —
  with HMAC-SHA256 under AUDIT_CHECKPOINT_KEY, a setting the database never sees, and
  chains each signature to the one before. Without the key nobody can sign a new head,
  so `verify_checkpoints` finds a signed entry deleted, a chain rewritten, a checkpoint
  forged or removed from the middle. A checkpoint row holds nothing secret.
- The owner could still delete the newest checkpoints along with the entries they
  signed. Two things show that: every checkpoint is also appended, as a JSON line, to
  AUDIT_CHECKPOINT_FILE when set (a file on another volume or a log shipper that the
  database's owner does not reach), and `verify_audit` compares the two; and a chain
  whose newest entry is much later than its newest checkpoint (beat signs one every few
  minutes) is reported as stale.

What stays unprovable: entries written after the last checkpoint, up to
AUDIT_CHECKPOINT_MINUTES of them, can be removed by the owner without trace. The
window is a setting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from cases.models import AuditCheckpoint, AuditEntry
from cases.models.audit import AUDIT_CHAIN_LOCK

logger = logging.getLogger(__name__)


def _key() -> bytes:
    return str(getattr(settings, "AUDIT_CHECKPOINT_KEY", "") or "").encode()


def key_id(key: bytes) -> str:
    """A public name for a key (the start of its own hash), so rotation is possible."""
    return hashlib.sha256(b"audit-checkpoint-key:" + key).hexdigest()[:16]


def _message(
    *, last_entry_id: int, last_hash: str, entries: int, at: dt.datetime, prev_signature: str
) -> bytes:
    stamp = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return f"{last_entry_id}|{last_hash}|{entries}|{stamp}|{prev_signature}".encode()


def sign(key: bytes, **fields: Any) -> str:
    return hmac.new(key, _message(**fields), hashlib.sha256).hexdigest()


def _as_line(checkpoint: AuditCheckpoint) -> str:
    return json.dumps(
        {
            "id": checkpoint.pk,
            "at": checkpoint.at.isoformat(),
            "last_entry_id": checkpoint.last_entry_id,
            "last_hash": checkpoint.last_hash,
            "entries": checkpoint.entries,
            "key_id": checkpoint.key_id,
            "prev_signature": checkpoint.prev_signature,
            "signature": checkpoint.signature,
        },
        sort_keys=True,
    )


def _append_to_file(checkpoint: AuditCheckpoint) -> None:
    path = getattr(settings, "AUDIT_CHECKPOINT_FILE", None)
    if not path:
        return
    with Path(path).open("a", encoding="utf-8") as out:
        out.write(_as_line(checkpoint) + "\n")


def audit_checkpoint_write() -> AuditCheckpoint | None:
    """Sign the chain's head now (none if nothing was written since the last one).

    Takes the chain's own lock, so the head read is the last committed entry and no
    entry is written while it is signed. Idempotent: a second run finds nothing new.
    """
    key = _key()
    if not key:
        logger.warning("AUDIT_CHECKPOINT_KEY is not set: the audit chain is not being signed")
        return None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])
        head = AuditEntry.objects.order_by("-id").values("id", "hash").first()
        previous = AuditCheckpoint.objects.order_by("-id").first()
        if head is None or (previous is not None and previous.last_entry_id == head["id"]):
            return None
        fields = {
            "last_entry_id": head["id"],
            "last_hash": head["hash"],
            "entries": AuditEntry.objects.count(),
            "at": timezone.now(),
            "prev_signature": previous.signature if previous else "",
        }
        checkpoint = AuditCheckpoint.objects.create(
            **fields, key_id=key_id(key), signature=sign(key, **fields)
        )
        transaction.on_commit(lambda: _append_to_file(checkpoint))
    return checkpoint


# --------------------------------------------------------------------------- checking


@dataclass
class CheckpointReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _signed_fields(row: Any) -> dict[str, Any]:
    return {
        "last_entry_id": row.last_entry_id,
        "last_hash": row.last_hash,
        "entries": row.entries,
        "at": row.at,
        "prev_signature": row.prev_signature,
    }


def verify_checkpoints() -> CheckpointReport:
    """Check every checkpoint's signature and chain, and the entries each one signed."""
    report = CheckpointReport()
    key = _key()
    if not key:
        report.notes.append("Checkpoints not checked: AUDIT_CHECKPOINT_KEY is not set.")
        return report
    checkpoints = list(AuditCheckpoint.objects.order_by("id"))
    entries = {
        row["id"]: row["hash"]
        for row in AuditEntry.objects.filter(id__in=[c.last_entry_id for c in checkpoints]).values(
            "id", "hash"
        )
    }
    counts = _entries_up_to([c.last_entry_id for c in checkpoints])
    previous_signature = ""
    for checkpoint in checkpoints:
        report.checked += 1
        label = f"checkpoint {checkpoint.pk} ({checkpoint.at:%Y-%m-%d %H:%M})"
        expected = sign(key, **_signed_fields(checkpoint))
        if checkpoint.key_id != key_id(key):
            report.notes.append(f"{label} was signed with another key ({checkpoint.key_id}).")
        elif not hmac.compare_digest(expected, checkpoint.signature):
            report.problems.append(f"{label} is not signed with the audit key: forged or altered")
        if checkpoint.prev_signature != previous_signature:
            report.problems.append(f"{label} does not follow the checkpoint before it: removed")
        previous_signature = checkpoint.signature
        found = entries.get(checkpoint.last_entry_id)
        if found is None:
            report.problems.append(
                f"entry {checkpoint.last_entry_id}, signed at {label}, is missing: "
                "entries were deleted"
            )
        elif found != checkpoint.last_hash:
            report.problems.append(
                f"entry {checkpoint.last_entry_id} no longer has the hash signed at {label}: "
                "the chain was rewritten"
            )
        elif counts.get(checkpoint.last_entry_id) != checkpoint.entries:
            report.problems.append(
                f"{label} signed {checkpoint.entries} entries up to entry "
                f"{checkpoint.last_entry_id}; {counts.get(checkpoint.last_entry_id)} remain"
            )
    _compare_with_file(checkpoints, key, report)
    _check_recent(checkpoints, report)
    return report


def _entries_up_to(ids: list[int]) -> dict[int, int]:
    """How many entries have an id up to each of these (one query)."""
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, (SELECT count(*) FROM cases_auditentry a WHERE a.id <= c.id)"
            " FROM unnest(%s::bigint[]) AS c(id)",
            [sorted(set(ids))],
        )
        return dict(cursor.fetchall())


def _compare_with_file(
    checkpoints: list[AuditCheckpoint], key: bytes, report: CheckpointReport
) -> None:
    path = getattr(settings, "AUDIT_CHECKPOINT_FILE", None)
    if not path or not Path(path).exists():
        return
    in_table = {c.signature for c in checkpoints}
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        try:
            kept = json.loads(line)
            fields = {
                "last_entry_id": int(kept["last_entry_id"]),
                "last_hash": str(kept["last_hash"]),
                "entries": int(kept["entries"]),
                "at": dt.datetime.fromisoformat(kept["at"]),
                "prev_signature": str(kept["prev_signature"]),
            }
        except (ValueError, KeyError, TypeError):
            report.problems.append(f"line {number} of the checkpoint file cannot be read")
            continue
        if kept.get("key_id") != key_id(key):
            continue
        if not hmac.compare_digest(sign(key, **fields), str(kept.get("signature", ""))):
            report.problems.append(f"line {number} of the checkpoint file is not signed")
        elif kept["signature"] not in in_table:
            report.problems.append(
                f"checkpoint {kept.get('id')} of the checkpoint file (entry "
                f"{fields['last_entry_id']}) is missing from the database: removed"
            )


def _check_recent(checkpoints: list[AuditCheckpoint], report: CheckpointReport) -> None:
    newest = AuditEntry.objects.order_by("-id").values("id", "at").first()
    if newest is None:
        return
    if not checkpoints:
        report.notes.append("No checkpoint has been signed yet.")
        return
    last = checkpoints[-1]
    unsigned = AuditEntry.objects.filter(id__gt=last.last_entry_id).count()
    if unsigned:
        report.notes.append(
            f"{unsigned} entries since the last checkpoint ({last.at:%Y-%m-%d %H:%M}) are "
            "not yet signed."
        )
    allowed = dt.timedelta(minutes=2 * int(getattr(settings, "AUDIT_CHECKPOINT_MINUTES", 15)))
    if unsigned and newest["at"] - last.at > allowed:
        report.problems.append(
            f"the last checkpoint is from {last.at:%Y-%m-%d %H:%M} but entries run to "
            f"{newest['at']:%Y-%m-%d %H:%M}: checkpoints stopped or were removed"
        )

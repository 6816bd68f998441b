"""The append-only, hash-chained audit log.

Every view of a case, every change, every export and every refused access is written
here in the same transaction as the read or write (cases/audit.py). The database
itself keeps the log honest:

- a trigger refuses UPDATE and DELETE;
- a BEFORE INSERT trigger takes a transaction-scoped advisory lock, numbers the row
  after the last committed one and sets `hash` = sha256 of the row's fields and the
  previous row's hash, so the rows form a chain in id order;
- `manage.py verify_audit` recomputes the chain (cases/audit.py, verify_chain).

Services write their audit entry as the last statement of their transaction, so the
lock is held only for the moment before commit.

Personal content and the retention schedule: an entry's `reason` and `detail` may name
people. Since entries carry `content_hash` (sha256 of reason and detail, set by the
insert trigger), the chain hash covers that digest instead of the text itself. When
records are anonymised under the retention schedule (governance/retention.py) the
entries about them are blanked: reason and detail emptied, `blanked_at` set, through
the database function `cases_audit_blank`, the only UPDATE the log accepts (a trigger
refuses every other). The digest and the chain are untouched, so `verify_audit` still
checks every link, and an unblanked entry's text is still checked against its digest.
Entries written before `content_hash` existed hash their text directly, as before.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from cases.models.cases import Case
from earlyhelp.audit import AUDIT_CHAIN_LOCK  # the key serialising the chain

# The canonical text of a row that its hash covers. verify_chain uses the same expression.
HASHED_FIELDS_SQL = (
    "concat_ws('|', {r}.id::text, to_char({r}.at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), coalesce({r}.user_id::text, ''), {r}.user_label, "
    "{r}.agency_label, {r}.action, {r}.object_type, {r}.object_id, "
    "coalesce({r}.case_id::text, ''), coalesce(host({r}.ip), ''), "
    "CASE WHEN {r}.content_hash IS NULL THEN {r}.reason END, "
    "CASE WHEN {r}.content_hash IS NULL THEN {r}.detail::text END, "
    "{r}.prev_hash, nullif(array_to_string({r}.case_ids, ','), ''), {r}.content_hash)"
)
# The digest of an entry's personal content (reason and detail), which the chain covers
# in place of the text for entries that have one, so the text can be blanked.
CONTENT_HASH_SQL = (
    "encode(sha256(convert_to(concat_ws('|', {r}.reason, {r}.detail::text), 'UTF8')), 'hex')"
)
# `case_ids` and `content_hash` came later: concat_ws skips NULL, so an entry listing no
# cases and with no digest hashes exactly as entries written before those columns existed,
# and the old chain still checks.


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    TRANSITION = "transition", "Moved on"
    SHARE = "share", "Shared"
    EXPORT = "export", "Exported"
    DOWNLOAD = "download", "Downloaded"
    SEARCH = "search", "Searched"
    REFUSED = "refused", "Refused access"
    GRANT = "grant", "Granted access"
    SIGN_IN = "sign_in", "Signed in"
    # One entry per request that showed cases in a list (a list page, search results, an
    # agenda, an API list): `case_ids` names every case shown (cases/audit_reads.py).
    LIST = "list", "Seen in a list"
    # People, agencies and API tokens (partners writes them through earlyhelp/audit.py).
    MEMBERSHIP = "membership", "Changed a role"
    AGENCY = "agency", "Changed an agency"
    TOKEN = "token", "API token"
    ZONE_GRANT = "zone_grant", "Zone grant"
    # Opening a case with no relationship to it, with a stated reason, and the lead
    # agency manager's review of it (cases/break_glass.py).
    BREAK_GLASS = "break_glass", "Opened without a relationship"
    BREAK_GLASS_REVIEW = "break_glass_review", "Reviewed an opening"
    # Security events of identity (identity/events.py writes them; the security events
    # page lists them).
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out"
    UNLOCKED = "unlocked", "Unlocked"
    SECOND_FACTOR_SET_UP = "mfa_enrolled", "Second factor set up"
    SECOND_FACTOR_RESET = "mfa_reset", "Second factor reset"
    SECOND_FACTOR_REMOVED = "mfa_removed", "Second factor removed"
    RESET_REQUESTED = "reset_requested", "Password reset asked for"
    PASSWORD_RESET = "password_reset", "Password reset"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    INVITED = "invited", "Invited"
    INVITATION_ACCEPTED = "invite_accepted", "Invitation accepted"
    ROLES_CHANGED = "roles_changed", "Roles changed"
    DEACTIVATED = "deactivated", "Deactivated"
    SESSIONS_ENDED = "sessions_ended", "Signed out everywhere"


class AuditEntry(models.Model):
    at = models.DateTimeField(default=timezone.now)
    # No database foreign keys: an FK check would take a share lock on the case or user
    # row while the chain lock is held, inviting deadlocks with writers of those rows.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    user_label = models.CharField(max_length=254, blank=True, default="")
    agency_label = models.CharField(max_length=400, blank=True, default="")
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60, blank=True, default="")
    object_id = models.CharField(max_length=40, blank=True, default="")
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
        db_constraint=False,
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    reason = models.TextField(blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)
    # The cases a list showed (one entry per request, however many rows); the access tab
    # finds an entry by `case_id` or by this array, through its GIN index.
    case_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    # sha256 of reason and detail, set by the insert trigger (CONTENT_HASH_SQL).
    content_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    # When the personal content was blanked under the retention schedule.
    blanked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["case", "action", "-at"]),
            models.Index(fields=["user", "-at"]),
            GinIndex(fields=["case_ids"], name="audit_case_ids_gin"),
            models.Index(fields=["action", "-at"], name="audit_action_at"),
        ]
        triggers = [
            pgtrigger.Protect(name="audit_append_only", operation=pgtrigger.Delete),
            pgtrigger.Trigger(
                name="audit_blank_only",
                when=pgtrigger.Before,
                operation=pgtrigger.Update,
                func=(
                    "IF OLD.content_hash IS NULL OR OLD.blanked_at IS NOT NULL"
                    " OR NEW.blanked_at IS NULL OR NEW.reason <> '' OR NEW.detail <> '{}'::jsonb"
                    " OR (NEW.id, NEW.at, NEW.user_id, NEW.user_label, NEW.agency_label,"
                    " NEW.action, NEW.object_type, NEW.object_id, NEW.case_id, NEW.ip,"
                    " NEW.case_ids, NEW.prev_hash, NEW.hash, NEW.content_hash)"
                    " IS DISTINCT FROM (OLD.id, OLD.at, OLD.user_id, OLD.user_label,"
                    " OLD.agency_label, OLD.action, OLD.object_type, OLD.object_id, OLD.case_id,"
                    " OLD.ip, OLD.case_ids, OLD.prev_hash, OLD.hash, OLD.content_hash) THEN"
                    " RAISE EXCEPTION 'the audit log is append-only: only the personal content"
                    " of an entry may be blanked'; END IF; RETURN NEW;"
                ),
            ),
            pgtrigger.Trigger(
                name="audit_hash_chain",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                declare=[("previous", "text")],
                func=(
                    # Each row reads the last committed row: under REPEATABLE READ or
                    # SERIALIZABLE a transaction's snapshot predates rows committed while
                    # it waited for the lock, and two rows would share a predecessor.
                    "IF current_setting('transaction_isolation') <> 'read committed' THEN"  # noqa: S608
                    " RAISE EXCEPTION 'the audit chain needs READ COMMITTED, not %',"
                    " current_setting('transaction_isolation'); END IF;"
                    f" PERFORM pg_advisory_xact_lock({AUDIT_CHAIN_LOCK});"
                    " NEW.id := nextval(pg_get_serial_sequence('cases_auditentry', 'id'));"
                    " SELECT hash INTO previous FROM cases_auditentry ORDER BY id DESC LIMIT 1;"
                    " NEW.prev_hash := coalesce(previous, '');"
                    " NEW.content_hash := " + CONTENT_HASH_SQL.format(r="NEW") + ";"
                    " NEW.blanked_at := NULL;"
                    " NEW.hash := encode(sha256(convert_to("
                    + HASHED_FIELDS_SQL.format(r="NEW")
                    + ", 'UTF8')), 'hex');"
                    " RETURN NEW;"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.object_type}"


class AuditCheckpoint(models.Model):
    """The chain's head, signed now and then with a key the database never holds.

    The hash chain shows a changed or removed row only while the rows after it are
    intact: whoever can delete the last rows, or rewrite every row and recompute every
    hash, leaves a chain that checks. A checkpoint is an HMAC of the head (the last
    entry's id and hash, and how many entries there were) under AUDIT_CHECKPOINT_KEY, a
    setting outside the database, chained to the checkpoint before it. Nobody without
    the key can make one, so `verify_audit` finds a signed entry missing or rewritten
    (cases/audit_checkpoints.py). Append-only like the log; the app's database role may
    only read and insert here (earlyhelp/db_roles.py).
    """

    at = models.DateTimeField(default=timezone.now)
    last_entry_id = models.BigIntegerField()
    last_hash = models.CharField(max_length=64)
    entries = models.BigIntegerField()
    key_id = models.CharField(max_length=16)  # which key signed it (for rotation)
    prev_signature = models.CharField(max_length=64, blank=True, default="")
    signature = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        triggers = [
            pgtrigger.Protect(
                name="audit_checkpoint_append_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
            ),
        ]

    def __str__(self) -> str:
        return f"checkpoint {self.pk} at entry {self.last_entry_id}"

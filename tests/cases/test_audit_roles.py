"""The app's database role can add to the audit log and nothing else: it is refused
TRUNCATE, UPDATE, DELETE and every way of lifting or changing a trigger, while the app
works as usual under it. The role is created in the test's own transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from cases.audit import audit_record, verify_chain
from cases.audit_checkpoints import audit_checkpoint_write
from cases.models import AuditEntry
from earlyhelp.checks import configured_isolation_level, database_isolation_level
from earlyhelp.db_roles import grant_app_role
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_role() -> Iterator[str]:
    """A role like docker-compose's app role, rolled back with the test."""
    database = connection.settings_dict["NAME"]
    role = "eh_app_" + hashlib.sha256(database.encode()).hexdigest()[:12]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    grant_app_role(role)
    yield role


def refused_as(role: str, sql: str, params: list[object] | None = None) -> str:
    """Run `sql` as the role; it must fail. The savepoint's rollback restores the owner."""
    with (
        pytest.raises(DatabaseError) as refusal,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"SET ROLE {role}")
        cursor.execute(sql, params or [])
    return str(refusal.value)


def current_user() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def entry_id() -> int:
    return audit_record(actor=None, action="view", reason="before").pk


def test_the_app_role_is_refused_truncate(app_role):
    entry_id()
    assert "permission denied" in refused_as(app_role, "TRUNCATE cases_auditentry")
    assert "permission denied" in refused_as(app_role, "TRUNCATE cases_auditcheckpoint")
    assert current_user() != app_role  # back to the owner


@pytest.mark.parametrize(
    "sql",
    [
        "ALTER TABLE cases_auditentry DISABLE TRIGGER ALL",
        "ALTER TABLE cases_auditentry DISABLE TRIGGER USER",
        "DROP TRIGGER pgtrigger_audit_append_only_68010 ON cases_auditentry",
        "ALTER TABLE cases_auditcheckpoint DISABLE TRIGGER ALL",
        "ALTER TABLE cases_auditentry ADD COLUMN note text",
        "ALTER TABLE cases_auditentry OWNER TO CURRENT_USER",
        "SET session_replication_role = replica",
        "CREATE TABLE public.cases_auditentry_copy (id bigint)",
    ],
)
def test_the_app_role_is_refused_trigger_and_table_changes(app_role, sql):
    assert refused_as(app_role, sql)


def test_the_app_role_is_refused_update_and_delete_even_with_the_trigger_ignored(app_role):
    pk = entry_id()
    ignore = "SELECT set_config('pgtrigger.ignore', '{cases_auditentry:audit_append_only}', true);"
    update = ignore + " UPDATE cases_auditentry SET reason = 'x' WHERE id = %s"  # noqa: S608
    delete = ignore + " DELETE FROM cases_auditentry WHERE id = %s"  # noqa: S608
    assert "permission denied" in refused_as(app_role, update, [pk])
    assert "permission denied" in refused_as(app_role, delete, [pk])
    assert "permission denied" in refused_as(app_role, "DELETE FROM cases_auditcheckpoint")


def test_the_app_works_under_its_role(app_role):
    case = CaseFactory()
    entry_id()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {app_role}")
        entry = audit_record(actor=None, action="view", case=case, reason="as the app")
        checkpoint = audit_checkpoint_write()
        case.refresh_from_db()
        assert AuditEntry.objects.get(pk=entry.pk).reason == "as the app"
        cursor.execute("RESET ROLE")
    assert checkpoint is not None and checkpoint.last_entry_id == entry.pk
    assert verify_chain().ok
    call_command("verify_audit")


def test_the_grant_command_prints_its_sql(capsys):
    call_command("grant_app_role", "earlyhelp_app", "--print")
    out = capsys.readouterr().out
    assert (
        'GRANT SELECT, INSERT ON "cases_auditentry", "cases_auditcheckpoint" TO "earlyhelp_app"'
        in out
    )
    assert "REVOKE ALL ON" in out


# --------------------------------------------------------------------------- isolation


def test_the_start_up_checks_pass_under_read_committed():
    assert configured_isolation_level() == []
    assert database_isolation_level(databases=["default"]) == []


def test_a_configured_isolation_level_other_than_read_committed_fails_the_check(settings):
    from psycopg import IsolationLevel

    settings.DATABASES = {
        **settings.DATABASES,
        "default": {
            **settings.DATABASES["default"],
            "OPTIONS": {"isolation_level": IsolationLevel.REPEATABLE_READ},
        },
    }
    [error] = configured_isolation_level()
    assert error.id == "earlyhelp.E001"


@pytest.fixture
def repeatable_read_connection():  # type: ignore[no-untyped-def]
    """A second connection whose transactions default to REPEATABLE READ, as a database
    configured with `ALTER DATABASE ... SET default_transaction_isolation` would give."""
    from django.db import connections

    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    yield other
    other.close()


def test_a_database_defaulting_to_another_level_fails_the_check(
    monkeypatch, repeatable_read_connection
):
    import earlyhelp.checks

    monkeypatch.setattr(earlyhelp.checks, "connections", {"default": repeatable_read_connection})
    [error] = database_isolation_level(databases=["default"])
    assert error.id == "earlyhelp.E002"
    assert "REPEATABLE READ" in error.msg


def test_the_chain_refuses_to_write_outside_read_committed(repeatable_read_connection):
    """A transaction at REPEATABLE READ cannot add to the chain (the trigger refuses)."""
    with (
        repeatable_read_connection.cursor() as cursor,
        pytest.raises(DatabaseError, match="needs READ COMMITTED"),
    ):
        cursor.execute(
            "INSERT INTO cases_auditentry (at, user_label, agency_label, action, "
            "object_type, object_id, reason, detail, case_ids, prev_hash, hash) VALUES "
            "(now(), '', '', 'view', '', '', '', '{}', '{}', '', '')"
        )

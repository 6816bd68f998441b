"""Two database roles: the owner that migrates, and the app's role that cannot hide anything.

The owner role (`MIGRATION` in docker-compose) owns every table: `manage.py migrate`
runs as it. The web, worker and beat processes connect as the app role, which
`manage.py grant_app_role <role>` (run by the owner after each migrate) gives:

- SELECT, INSERT, UPDATE and DELETE on every table, and the use of every sequence;
- on the audit log and its checkpoints only SELECT and INSERT: no UPDATE, DELETE or
  TRUNCATE, and (not owning them) no ALTER TABLE, so it can neither disable nor drop
  their triggers. `SET session_replication_role` needs a superuser;
- no CREATE in the schema.

So someone holding the app's credentials can add audit entries, never change or
remove one, and the chain's signed checkpoints (cases/audit_checkpoints.py) cover what
the owner could do. `tests/cases/test_audit_roles.py` proves each refusal against a
role it creates in the test database.
"""

from __future__ import annotations

from django.db import connection

# Tables the app role may only read and append to.
APPEND_ONLY_TABLES = ("cases_auditentry", "cases_auditcheckpoint")


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def app_role_grants(role: str) -> list[str]:
    """The statements that give `role` exactly what the app needs (idempotent)."""
    who = _quoted(role)
    append_only = ", ".join(_quoted(t) for t in APPEND_ONLY_TABLES)
    return [
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"REVOKE CREATE ON SCHEMA public FROM {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {who}",
        f"REVOKE ALL ON {append_only} FROM {who}",
        f"GRANT SELECT, INSERT ON {append_only} TO {who}",
    ]


def grant_app_role(role: str) -> list[str]:
    """Run the grants as the connected (owner) role; returns what was run."""
    statements = app_role_grants(role)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements

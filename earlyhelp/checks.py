"""System checks: what the audit chain relies on, asserted at start-up.

The chain trigger reads the last committed entry after taking its lock; that is only
the true last entry under READ COMMITTED, where each statement sees what committed
before it. Under REPEATABLE READ or SERIALIZABLE two writers could chain to the same
predecessor. The trigger itself refuses to write under any other level; these checks
say so at start-up, before the first refused write: one from the settings (always run),
one from the database's own default (run by `migrate` and `check --database default`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections

READ_COMMITTED = "read committed"
HINT = "The audit log's hash chain needs READ COMMITTED (cases/models/audit.py)."


@register(Tags.database, deploy=False)
def database_isolation_level(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for alias in kwargs.get("databases") or []:
        with connections[alias].cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            (level,) = cursor.fetchone()
        if level != READ_COMMITTED:
            problems.append(
                Error(
                    f"Database {alias!r} runs transactions at {level.upper()}.",
                    hint=HINT,
                    id="earlyhelp.E002",
                )
            )
    return problems


@register()
def configured_isolation_level(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from psycopg import IsolationLevel

    problems: list[CheckMessage] = []
    for alias, config in settings.DATABASES.items():
        level = (config.get("OPTIONS") or {}).get("isolation_level")
        if level is not None and level != IsolationLevel.READ_COMMITTED:
            problems.append(
                Error(
                    f"DATABASES[{alias!r}] sets isolation_level {level!r}.",
                    hint=HINT,
                    id="earlyhelp.E001",
                )
            )
    return problems

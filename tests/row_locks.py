"""Which row locks a transaction holds, seen from a second session, as another request
would meet them: a lock taken with NOWAIT answers "locked" or "free" at once."""

from __future__ import annotations

import psycopg
from django.db import connection

# What an insert of a row that refers to the row (a note, an upload, a transition)
# takes as it commits: its foreign keys' check.
KEY_SHARE = "FOR KEY SHARE"
# What a change of the row takes: another change waits for it.
NO_KEY_UPDATE = "FOR NO KEY UPDATE"


def lock_seen(table: str, pk: int, lock: str) -> str:
    """Try `lock` on the row `pk` of `table` from a connection of its own."""
    with psycopg.connect(**connection.get_connection_params(), autocommit=False) as other:
        try:
            other.execute(f"SELECT 1 FROM {table} WHERE id = %s {lock} NOWAIT", [pk])  # noqa: S608
        except psycopg.errors.LockNotAvailable:
            return "locked"
        finally:
            other.rollback()
    return "free"

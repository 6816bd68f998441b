"""Is the process running a job still alive? A PostgreSQL advisory lock says.

A background job marked "running" stays so if its worker is killed (SIGKILL, the
machine lost, the out-of-memory killer): nothing runs its `except` or `finally`. Waiting
for a timeout longer than the longest job leaves the work undone for that long. Instead,
the worker running a job holds a session-level advisory lock named after it, taken in the
same transaction that marks the job running. PostgreSQL drops the lock the moment the
worker's connection goes, however the process died. So:

- `take(kind, job_id)`: this process now runs the job (False if a live process does);
- `release(kind, job_id)`: it has finished;
- `abandoned(kind, job_id)`: nobody holds it: a job marked running is an orphan, and a
  sweep may hand it to another worker, which takes it over with `take`.

The lock lives on the worker's database connection; a database restart drops it too,
and the job then fails on its broken connection and is retried, which is what we want.
"""

from __future__ import annotations

from django.db import connection

# The first key of the two-key advisory lock, one per kind of job.
KINDS = {"scorecard-rollup": 7101, "export": 7102}


def take(kind: str, job_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [KINDS[kind], job_id])
        row = cursor.fetchone()
    return bool(row and row[0])


def release(kind: str, job_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [KINDS[kind], job_id])


def abandoned(kind: str, job_id: int) -> bool:
    """True when no live process holds the job (tried without keeping it)."""
    if not take(kind, job_id):
        return False
    release(kind, job_id)
    return True

"""Liveness and readiness: `/healthz` and `/readyz`.

- `/healthz` (liveness) answers 200 whenever this process can serve a request at all. It
  touches neither the database nor the broker: an orchestrator restarts a process whose
  liveness fails, and restarting every web process because PostgreSQL is restarting
  would only add to the outage.
- `/readyz` (readiness) answers 200 when the process should be sent traffic: PostgreSQL
  answers, Redis (the broker) answers, and every migration this code knows of is applied
  to the database. Otherwise 503, naming what is down. docker-compose's health check and
  the drills' start-up (`tests/drills/stack.py`) wait on it.

Neither hangs: the database connection has a 5 s connect timeout and Redis 1 s. Both are
public (anyone may ask) and never cached; neither says more than ok or down.
"""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from earlyhelp.url_policy import Policy, access_policy

# Once every migration is seen applied it stays so for this code: the check (which
# loads the migration graph) is not repeated on every probe.
_migrations_seen_applied = False


def database_ok() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except Exception:
        return False


def migrations_ok() -> bool:
    """True when the database has every migration of this code applied."""
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return True
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        return False
    _migrations_seen_applied = not plan
    return _migrations_seen_applied


def forget_migrations_state() -> None:
    """For tests: check the migrations again on the next probe."""
    global _migrations_seen_applied
    _migrations_seen_applied = False


@access_policy(Policy.PUBLIC)
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


@access_policy(Policy.PUBLIC)
@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database, broker and migrations."""
    checks = {"database": database_ok(), "redis": redis_ok()}
    checks["migrations"] = checks["database"] and migrations_ok()
    ready = all(checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        **{name: "ok" if ok else "down" for name, ok in checks.items()},
    }
    return JsonResponse(body, status=200 if ready else 503)

import pytest
from django.db import connection
from django.test import Client

from earlyhelp import health

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_asking_the_database_or_redis(settings, django_assert_num_queries):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_is_ok_when_database_redis_and_migrations_are():
    health.forget_migrations_state()
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "migrations": "ok",
    }


def test_readiness_is_503_when_redis_does_not_answer(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["redis"] == "down"
    assert response.json()["database"] == "ok"


def test_readiness_is_503_while_a_migration_is_not_applied(monkeypatch):
    health.forget_migrations_state()
    from django.db.migrations.executor import MigrationExecutor

    real_plan = MigrationExecutor.migration_plan

    def one_left(self, targets, clean_start=False):  # type: ignore[no-untyped-def]
        plan = real_plan(self, targets, clean_start)
        migration = self.loader.graph.nodes[("earlyhelp", "0002_outbox_request_id")]
        return [*plan, (migration, False)]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", one_left)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "down"
    monkeypatch.undo()
    health.forget_migrations_state()
    assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_readiness_is_503_and_liveness_200_when_the_database_does_not_answer():
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = "127.0.0.1"
    connection.settings_dict["PORT"] = 1  # nothing listens on port 1
    connection.settings_dict.setdefault("OPTIONS", {}).pop("host", None)
    try:
        ready = Client().get("/readyz")
        live = Client().get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert ready.status_code == 503
    assert ready.json()["database"] == "down"
    assert ready.json()["migrations"] == "down"
    assert live.status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_needs_no_sign_in_and_is_never_cached(path):
    response = Client().get(path)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]

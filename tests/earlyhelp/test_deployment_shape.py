"""docker-compose.yml is the production-like shape the README describes: gunicorn behind a
proxy whose address alone is trusted, two database roles, a Redis password, mail over TLS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def env_of(compose: dict[str, Any], service: str) -> dict[str, str]:
    return compose["services"][service]["environment"]


def test_gunicorn_is_not_published_and_the_proxy_is(compose):
    services = compose["services"]
    assert "ports" not in services["web"]
    assert services["proxy"]["ports"]
    assert "proxy_pass http://earlyhelp_web" in (ROOT / "deploy/nginx/earlyhelp.conf").read_text()


def test_only_the_proxys_address_is_trusted_for_forwarded_headers(compose):
    proxy_ip = compose["services"]["proxy"]["networks"]["backend"]["ipv4_address"]
    for service in ("web", "worker", "beat"):
        assert env_of(compose, service)["TRUSTED_PROXIES"] == proxy_ip


def test_migrations_run_as_the_owner_and_the_app_as_its_own_role(compose):
    assert "earlyhelp_owner:" in env_of(compose, "migrate")["DATABASE_URL"]
    assert "grant_app_role earlyhelp_app" in " ".join(compose["services"]["migrate"]["command"])
    for service in ("web", "worker", "beat"):
        assert env_of(compose, service)["DATABASE_URL"].startswith("postgres://earlyhelp_app:")
    assert env_of(compose, "postgres")["POSTGRES_USER"] == "earlyhelp_owner"


def test_redis_has_a_password_and_mail_uses_tls(compose):
    assert "--requirepass" in " ".join(compose["services"]["redis"]["command"])
    web = env_of(compose, "web")
    assert web["REDIS_URL"].startswith("redis://:${REDIS_PASSWORD")
    assert web["EMAIL_USE_TLS"] == "${EMAIL_USE_TLS:-true}"
    assert web["AUDIT_CHECKPOINT_KEY"].startswith("${AUDIT_CHECKPOINT_KEY:?")


def test_smtp_tls_is_on_by_default(settings):
    from earlyhelp.settings import base

    assert base.EMAIL_USE_TLS is True

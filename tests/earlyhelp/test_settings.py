import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "AUDIT_CHECKPOINT_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_profile_passes_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="earlyhelp.settings.production",
        SECRET_KEY="x" * 64 + "-a-long-random-production-secret-for-the-test",
        AUDIT_CHECKPOINT_KEY="k" * 64,
        ALLOWED_HOSTS="earlyhelp.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="earlyhelp.settings.production",
        ALLOWED_HOSTS="earlyhelp.example.gov.uk",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_are_safe():
    import importlib

    from django.conf import settings as live  # noqa: F401 - ensure Django is configured

    os.environ["SECRET_KEY"] = "s" * 60
    os.environ["AUDIT_CHECKPOINT_KEY"] = "k" * 60
    os.environ["ALLOWED_HOSTS"] = "earlyhelp.example.gov.uk"
    try:
        production = importlib.import_module("earlyhelp.settings.production")
        importlib.reload(production)
    finally:
        del os.environ["SECRET_KEY"]
        del os.environ["AUDIT_CHECKPOINT_KEY"]
        del os.environ["ALLOWED_HOSTS"]
    assert production.DEBUG is False
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.ALLOWED_HOSTS == ["earlyhelp.example.gov.uk"]


def test_production_refuses_to_start_without_an_audit_checkpoint_key():
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="earlyhelp.settings.production",
        SECRET_KEY="x" * 64,
        ALLOWED_HOSTS="earlyhelp.example.gov.uk",
    )
    assert result.returncode != 0
    assert "AUDIT_CHECKPOINT_KEY is not set" in result.stderr


def test_development_profile_has_debug_on_and_a_demo_password():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, bool(settings.DEMO_PASSWORD))",
        DJANGO_SETTINGS_MODULE="earlyhelp.settings.development",
    )
    assert result.stdout.strip().endswith("True True"), result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("unix:///var/run/redis.sock", "redis+socket:///var/run/redis.sock"),
    ],
)
def test_a_unix_socket_redis_url_becomes_the_celery_spelling(url, expected):
    from earlyhelp.settings.base import _celery_redis_url

    assert _celery_redis_url(url) == expected


def test_tests_use_the_real_postgresql_and_redis(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_BROKER_URL.startswith(("redis://", "redis+socket://"))
    assert settings.CELERY_TASK_ALWAYS_EAGER is False


def test_the_suite_runs_under_the_test_profile():
    from django.conf import settings

    assert settings.SETTINGS_MODULE == "earlyhelp.settings.test"
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_launcher_hands_on_only_the_settings_its_caller_chose():
    """`launcher exec` must not pass on the development default that importing Celery sets."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    printed = subprocess.run(
        [sys.executable, "-m", "earlyhelp.launcher", "exec", "--", "env"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "DJANGO_SETTINGS_MODULE=" not in printed

    environment["DJANGO_SETTINGS_MODULE"] = "earlyhelp.settings.production"
    printed = subprocess.run(
        [sys.executable, "-m", "earlyhelp.launcher", "exec", "--", "env"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "DJANGO_SETTINGS_MODULE=earlyhelp.settings.production" in printed

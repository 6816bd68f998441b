import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from earlyhelp import request_id
from earlyhelp.celery import app

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
ROOT = Path(__file__).resolve().parents[2]


def test_each_response_carries_a_new_request_id():
    first = Client().get("/healthz")["X-Request-ID"]
    second = Client().get("/healthz")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_a_request_id_from_a_trusted_proxy_is_kept(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    response = Client(REMOTE_ADDR=PROXY).get("/healthz", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    assert response["X-Request-ID"] == "nginx-0123456789abcdef"


def test_a_request_id_from_anyone_else_is_replaced(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    response = Client(REMOTE_ADDR="203.0.113.9").get(
        "/healthz", HTTP_X_REQUEST_ID="chosen-by-the-client"
    )
    assert response["X-Request-ID"] != "chosen-by-the-client"


def test_a_malformed_request_id_from_a_trusted_proxy_is_replaced(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    response = Client(REMOTE_ADDR=PROXY).get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


def test_production_logs_are_json_with_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )
    record = logging.LogRecord("cases", logging.INFO, __file__, 1, "note added", None, None)
    with request_id.bound("abc12345"):
        request_id.RequestIdFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "abc12345"
    assert line["level"] == "INFO"
    assert line["message"] == "note added"


def test_the_production_profile_logs_one_json_object_per_line():
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="earlyhelp.settings.production",
        SECRET_KEY="s" * 64,
        AUDIT_CHECKPOINT_KEY="k" * 64,
        ALLOWED_HOSTS="earlyhelp.example.gov.uk",
    )
    code = (
        "import logging; from earlyhelp import request_id\n"
        "with request_id.bound('req-from-test-1'):\n"
        "    logging.getLogger('cases').warning('note added')"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-startup", "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"logger": "cases", "level": "WARNING", "message": "note added"}.items() <= lines[
        -1
    ].items()
    assert lines[-1]["request_id"] == "req-from-test-1"


def test_a_task_published_in_a_request_carries_its_id_into_the_worker():
    headers: dict[str, str] = {}
    with request_id.bound("req-1234567890"):
        request_id._add_request_id(headers=headers)
    assert headers["request_id"] == "req-1234567890"

    class Request:
        request_id = "req-1234567890"
        headers = None

    class Task:
        request = Request()

    request_id._bind_task_request_id(task_id="t-1", task=Task())
    assert request_id.current() == "req-1234567890"
    request_id._unbind_task_request_id(task_id="t-1")
    assert request_id.current() == ""


def test_an_outbox_message_keeps_the_request_id_for_a_later_drain(monkeypatch):
    from earlyhelp import outbox

    sent: list[dict[str, str]] = []

    def send_task(name, **kwargs):  # type: ignore[no-untyped-def]
        headers: dict[str, str] = {}
        request_id._add_request_id(headers=headers)
        sent.append(headers)

    monkeypatch.setattr(outbox, "publish_after_commit", lambda ids: 0)
    with request_id.bound("req-outbox-123"):
        message = outbox.enqueue("earlyhelp.tasks.drain_outbox")
    assert message.request_id == "req-outbox-123"
    monkeypatch.setattr(app, "send_task", send_task)
    outbox.publish(message)
    assert sent == [{"request_id": "req-outbox-123"}]

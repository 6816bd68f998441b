"""A request id on every log line of a request, and of the Celery tasks it starts.

`RequestIdMiddleware` gives each request an id: the `X-Request-ID` header when a trusted
proxy sent it (nginx passes its own `$request_id`, so the proxy's access log and ours
join up), otherwise a new one. From anyone else the header is ignored, for the reason
`earlyhelp/proxies.py` ignores their forwarded addresses: a client could otherwise write
what it likes into the logs, or make unrelated requests look like one. The id is
returned in the response's `X-Request-ID` header.

The id lives in a context variable. `RequestIdFilter` copies it onto every log record
(the production profile logs JSON with python-json-logger, so it becomes a field). When
a request publishes a task, `before_task_publish` puts the id in the message's headers,
and `task_prerun` sets it again in the worker for the task's own log lines; a task
published by the outbox drain carries the id the outbox row kept.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse

from earlyhelp.proxies import is_trusted_proxy, parse_address, trusted_networks

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
TASK_HEADER = "request_id"
# Short and plain: letters, digits, dot, underscore and hyphen (a UUID, nginx's hex id).
VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def current() -> str:
    """The id of the request or task this code runs for, or '' outside both."""
    return _current.get()


def new_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def bound(request_id: str) -> Iterator[None]:
    """Run a block with `request_id` as the current id."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


def id_for(request: HttpRequest) -> str:
    """The proxy's id when a trusted proxy sent a well-formed one, else a new id."""
    given = request.META.get(META_KEY, "")
    peer = request.META.get("PROXY_REMOTE_ADDR", request.META.get("REMOTE_ADDR"))
    if given and VALID.match(given) and is_trusted_proxy(parse_address(peer), trusted_networks()):
        return str(given)
    return new_id()


class RequestIdMiddleware:
    """Bind a request id for the request's lifetime and return it in a header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = id_for(request)
        request.META[META_KEY] = request_id
        with bound(request_id):
            response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Put the current request id on each record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current()
        return True


# --------------------------------------------------------------------------- Celery


@before_task_publish.connect(weak=False)
def _add_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:
    """Carry the publishing request's id in the task message."""
    request_id = current()
    if headers is not None and request_id and not headers.get(TASK_HEADER):
        headers[TASK_HEADER] = request_id


@task_prerun.connect(weak=False)
def _bind_task_request_id(task_id: str = "", task: Any = None, **_: Any) -> None:
    """In the worker: the id of the request that started the task (or the task's own)."""
    request_id = ""
    if task is not None:
        request_id = str(getattr(task.request, TASK_HEADER, "") or "")
        if not request_id:
            request_id = str((task.request.headers or {}).get(TASK_HEADER, "") or "")
    _current.set(request_id or f"task-{task_id}")


@task_postrun.connect(weak=False)
def _unbind_task_request_id(**_: Any) -> None:
    _current.set("")

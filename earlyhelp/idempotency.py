"""A create request sent twice creates once.

A browser resubmits a form when someone presses the button twice or reloads after a
timeout; an API client retries a POST whose answer it never received (the database
restarted, a proxy timed out). Without a key either makes a second note or a second
set of actions. With one:

- **Forms** carry a hidden `idempotency_key` field, a new random key each time the form
  is drawn (`{% idempotency_field %}`, which keeps the posted key when the form is drawn
  again with errors). `@idempotent_form` wraps the view.
- **API** clients send an `Idempotency-Key` header (any string of 8-100 letters, digits,
  `-` or `_`; a UUID is right). `idempotent_api` wraps the create.

How: in one transaction, `INSERT ... ON CONFLICT DO NOTHING` the key (unique per person),
then do the work, then store the answer in the row. A second request with the same key
waits on the unique index until the first commits or rolls back, then either replays the
stored answer (a form: the same redirect; the API: the same status and body, with
`Idempotent-Replayed: true`) or, if the first failed, does the work itself. An answer
that is not a success (a form drawn again with errors, a 4xx) deletes the key in the same
transaction, so correcting the input and sending again works. The same key with
different content is refused on the API (422), and on a form treated as a new
submission (someone went back and changed what they typed).

Keys are kept IDEMPOTENCY_KEY_HOURS (default 24) and then purged by beat.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

import psycopg
from django.conf import settings
from django.contrib import messages
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from earlyhelp.audit import AUDIT_CHAIN_LOCK
from earlyhelp.errors import ApplicationError, IdempotencyKeyReused
from earlyhelp.models import IdempotencyKey

logger = logging.getLogger(__name__)

FIELD = "idempotency_key"
DEADLOCK_RETRIES = 2
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
VALID = re.compile(r"^[A-Za-z0-9_-]{8,100}$")
# Form fields that differ between two submissions of the same content.
UNHASHED_FIELDS = {"csrfmiddlewaretoken", FIELD}

View = TypeVar("View", bound=Callable[..., HttpResponse])


def valid_key(value: str | None) -> str | None:
    return value if value and VALID.match(value) else None


def _claim(*, user_id: int, key: str, scope: str, fingerprint: str) -> bool:
    """Insert the key; False if a committed row holds it (waits for one in flight)."""
    table = IdempotencyKey._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} "  # noqa: S608 - the table name is the model's own
            "(user_id, key, scope, fingerprint, created_at, location, body) "
            "VALUES (%s, %s, %s, %s, %s, '', '') "
            "ON CONFLICT ON CONSTRAINT idempotency_key_once_per_user DO NOTHING RETURNING id",
            [user_id, key, scope, fingerprint, timezone.now()],
        )
        return cursor.fetchone() is not None


def _is_deadlock(exc: OperationalError) -> bool:
    return isinstance(
        exc.__cause__, psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure
    )


def run_once(**kwargs: Any) -> HttpResponse | IdempotencyKey:
    """`_run_once`, again if PostgreSQL broke a deadlock by rolling this request back.

    The key's transaction spans the whole create, audit entry included; under load two
    creates can wait on each other (one holds the audit chain's lock, the other a row
    the first needs) and PostgreSQL rolls one back. Nothing of it was kept, so doing it
    again is safe, and is what the client would have had to do.
    """
    for attempt in range(DEADLOCK_RETRIES + 1):
        try:
            return _run_once(**kwargs)
        except OperationalError as exc:
            if attempt == DEADLOCK_RETRIES or connection.in_atomic_block or not _is_deadlock(exc):
                raise
            logger.warning("idempotent request rolled back by a deadlock; running it again")
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _audit_chain_lock_first() -> None:
    """Take the audit chain's lock before any row lock of this create.

    Every create writes an audit entry, whose trigger takes the chain's lock and holds it
    to commit. Taken there, mid-transaction, it can meet another create that already holds
    the lock and now waits for a row this one holds (the case, the key): a deadlock, and
    PostgreSQL may pick a third, innocent request as its victim. Taken first, creates queue
    in one order; they were serialised at the audit entry anyway.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_CHAIN_LOCK])


def _run_once(
    *,
    user_id: int,
    key: str,
    scope: str,
    fingerprint: str,
    perform: Callable[[], HttpResponse],
    succeeded: Callable[[HttpResponse], bool],
    record: Callable[[HttpResponse], dict[str, Any]],
) -> HttpResponse | IdempotencyKey:
    """The answer of `perform()`, or the row of the earlier request with this key.

    `perform` runs inside the transaction that holds the key; exceptions roll both back.
    """
    with transaction.atomic():
        _audit_chain_lock_first()
        if _claim(user_id=user_id, key=key, scope=scope, fingerprint=fingerprint):
            response = perform()
            rows = IdempotencyKey.objects.filter(user_id=user_id, key=key)
            if succeeded(response):
                rows.update(status_code=response.status_code, **record(response))
            else:
                rows.delete()
            return response
    earlier = IdempotencyKey.objects.filter(user_id=user_id, key=key).first()
    if earlier is None:  # the first request failed between our two statements: try again
        return _run_once(
            user_id=user_id,
            key=key,
            scope=scope,
            fingerprint=fingerprint,
            perform=perform,
            succeeded=succeeded,
            record=record,
        )
    return earlier


def _form_fingerprint(request: HttpRequest) -> str:
    items = sorted(
        (name, value)
        for name, values in request.POST.lists()
        if name not in UNHASHED_FIELDS
        for value in values
    )
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()


def _scope(request: HttpRequest) -> str:
    return f"{request.method} {request.path}"[:300]


def idempotent_form(view: View) -> View:
    """A POST carrying `idempotency_key` runs once; a repeat gets the first redirect."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = valid_key(request.POST.get(FIELD)) if request.method == "POST" else None
        if key is None or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        fingerprint = _form_fingerprint(request)
        found = run_once(
            user_id=request.user.pk,
            key=key,
            scope=_scope(request),
            fingerprint=fingerprint,
            perform=lambda: view(request, *args, **kwargs),
            succeeded=lambda response: response.status_code in (301, 302, 303),
            record=lambda response: {"location": response.get("Location", "")[:500]},
        )
        if isinstance(found, HttpResponse):
            return found
        if found.scope != _scope(request) or found.fingerprint != fingerprint:
            return view(request, *args, **kwargs)  # changed since: a new submission
        messages.info(request, "This was already saved: it has not been saved twice.")
        return HttpResponseRedirect(found.location)

    return wrapper  # type: ignore[return-value]


def idempotent_api(create: Callable[..., Response]) -> Callable[..., Response]:
    """An API create sent with `Idempotency-Key` runs once; a repeat replays its answer."""

    @functools.wraps(create)
    def wrapper(viewset: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        given = request.headers.get(HEADER)
        if given is None:
            return create(viewset, request, *args, **kwargs)
        key = valid_key(given)
        if key is None:
            raise ApplicationError(
                "Check the Idempotency-Key header",
                {HEADER: ["Send 8 to 100 letters, digits, hyphens or underscores"]},
            )
        submitted = json.dumps(request.data, sort_keys=True, default=str)
        fingerprint = hashlib.sha256(submitted.encode()).hexdigest()

        def perform() -> Response:
            response = create(viewset, request, *args, **kwargs)
            # Rendered here, so the stored body is exactly what the client is sent.
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = viewset.get_renderer_context()  # type: ignore[attr-defined]
            response.render()
            return response

        found = run_once(
            user_id=request.user.pk or 0,  # authenticated: the API refused anyone else
            key=key,
            scope=_scope(request),
            fingerprint=fingerprint,
            perform=perform,
            succeeded=lambda response: 200 <= response.status_code < 300,
            record=lambda response: {"body": response.content.decode()},
        )
        if isinstance(found, HttpResponse):
            return found  # type: ignore[return-value]
        if found.scope != _scope(request) or found.fingerprint != fingerprint:
            raise IdempotencyKeyReused("This Idempotency-Key was used for a different request")
        replay = Response(
            json.loads(found.body) if found.body else None,
            status=found.status_code or status.HTTP_200_OK,
        )
        replay[REPLAYED_HEADER] = "true"
        return replay

    return wrapper


def purge(*, now: dt.datetime | None = None) -> int:
    """Delete keys older than IDEMPOTENCY_KEY_HOURS; the number deleted."""
    hours = int(getattr(settings, "IDEMPOTENCY_KEY_HOURS", 24))
    cutoff = (now or timezone.now()) - dt.timedelta(hours=hours)
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted

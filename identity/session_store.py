"""The session engine: Django's database sessions, in a table that knows whose they are.

The cookie carries the session key alone (a random id); what the session holds stays in
the database. Each save copies who, from where and when out of the session's data into
columns (identity.models.UserSession), so "your sessions", "sign out everywhere" and
ending a leaver's sessions are plain queries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from earlyhelp.sign_in_state import CLIENT, LAST_SEEN_AT, STARTED_AT
from identity.timeouts import ends_at

GRACE_SECONDS = 5 * 60


def _moment(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return dt.datetime.fromtimestamp(float(value), tz=dt.UTC)


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):  # type: ignore[no-untyped-def]
        from identity.models import UserSession

        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        row: Any = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        row.user_id = int(user_id) if user_id is not None and str(user_id).isdigit() else None
        client = data.get(CLIENT) or {}
        row.ip = client.get("ip") or None
        row.user_agent = str(client.get("user_agent") or "")[:300]
        row.started_at = _moment(data.get(STARTED_AT))
        row.last_seen_at = _moment(data.get(LAST_SEEN_AT))
        # A signed-in session's row expires with its idle or absolute timeout (plus a
        # little grace, so the next request can still say why it ended): the nightly
        # purge removes it then, and it can never be loaded after.
        ends = _moment(ends_at(data))
        if ends is not None:
            row.expire_date = min(row.expire_date, ends + dt.timedelta(seconds=GRACE_SECONDS))
        return row

"""How long a signed-in session lasts: an idle timeout and an absolute one.

Both count from moments kept in the session (earlyhelp.sign_in_state): the last request
that counted as activity, and the sign-in. The idle timeout is SESSION_IDLE_TIMEOUT
seconds (30 minutes by default), the absolute one SESSION_ABSOLUTE_TIMEOUT (10 hours).
Activity is written back at most every `touch_interval()` seconds, so ordinary pages do
not each add a write; the warning dialog works from the same figures the server uses.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from earlyhelp.sign_in_state import LAST_SEEN_AT, STARTED_AT, now


def idle_seconds() -> int:
    return int(settings.SESSION_IDLE_TIMEOUT)


def absolute_seconds() -> int:
    return int(settings.SESSION_ABSOLUTE_TIMEOUT)


def warning_seconds() -> int:
    return int(settings.SESSION_IDLE_WARNING)


def touch_interval() -> float:
    return min(60.0, idle_seconds() / 4)


def ends_at(session: Any) -> float | None:
    """When this session ends if nothing more happens (None: not a signed-in session)."""
    last_seen = session.get(LAST_SEEN_AT)
    started = session.get(STARTED_AT)
    if last_seen is None or started is None:
        return None
    return min(float(last_seen) + idle_seconds(), float(started) + absolute_seconds())


def why_ended(session: Any) -> str | None:
    """ "idle" or "absolute" if the session has run out, else None."""
    last_seen = session.get(LAST_SEEN_AT)
    started = session.get(STARTED_AT)
    moment = now()
    if started is not None and moment - float(started) > absolute_seconds():
        return "absolute"
    if last_seen is not None and moment - float(last_seen) > idle_seconds():
        return "idle"
    return None


def seconds_left(session: Any) -> int:
    ends = ends_at(session)
    return max(0, int(ends - now())) if ends is not None else 0


def extends_by_activity(session: Any) -> bool:
    """Only whether the idle timeout can still move: near the absolute end it cannot."""
    started = session.get(STARTED_AT)
    return started is None or now() + idle_seconds() < float(started) + absolute_seconds()


def touch(session: Any) -> None:
    """Count this request as activity (written at most every touch_interval())."""
    last_seen = session.get(LAST_SEEN_AT)
    moment = now()
    if last_seen is None or moment - float(last_seen) >= touch_interval():
        session[LAST_SEEN_AT] = moment
    session.setdefault(STARTED_AT, moment)


def idle_words() -> str:
    """The idle timeout as pages say it: "30 minutes" (or seconds, when shorter)."""
    seconds = idle_seconds()
    if seconds % 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"

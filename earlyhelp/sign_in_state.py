"""What a session has proven about the person signed in, and when.

A session records each factor as a moment (seconds since the epoch) rather than a flag,
so one record answers three questions: has this session passed the second factor
(the central check in identity.middleware), has it been idle too long or alive too long
(timeouts), and did the person prove both factors recently enough for a sensitive
action (earlyhelp.reauthentication). It lives here, below every app, because views of
every app ask the last question; identity is the only writer.
"""

from __future__ import annotations

import time
from typing import Any

FIRST_FACTOR_AT = "sign_in.first_factor_at"  # password or single sign-on
FIRST_FACTOR = "sign_in.first_factor"  # "password" | "sso"
SECOND_FACTOR_AT = "sign_in.second_factor_at"
SECOND_FACTOR = "sign_in.second_factor"  # "totp" | "backup_code" | "passkey" | "sso"
STARTED_AT = "sign_in.started_at"  # the absolute timeout counts from here
LAST_SEEN_AT = "sign_in.last_seen_at"  # the idle timeout counts from here
CLIENT = "sign_in.client"  # {"ip": ..., "user_agent": ...}, for the list of sessions


def now() -> float:
    return time.time()


def note_first_factor(session: Any, *, method: str) -> None:
    moment = now()
    session[FIRST_FACTOR_AT] = moment
    session[FIRST_FACTOR] = method
    session.setdefault(STARTED_AT, moment)
    session[LAST_SEEN_AT] = moment


def note_second_factor(session: Any, *, method: str) -> None:
    moment = now()
    session[SECOND_FACTOR_AT] = moment
    session[SECOND_FACTOR] = method
    session[LAST_SEEN_AT] = moment


def has_second_factor(session: Any) -> bool:
    return session.get(SECOND_FACTOR_AT) is not None


def proven_within(session: Any, seconds: float) -> bool:
    """Both factors were proven in the last `seconds` (re-authentication)."""
    first = session.get(FIRST_FACTOR_AT)
    second = session.get(SECOND_FACTOR_AT)
    if first is None or second is None:
        return False
    oldest = min(float(first), float(second))
    return now() - oldest <= seconds

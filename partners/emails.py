"""One way of writing an email address, so one person has one identity.

Addresses are compared, stored and counted (sign-in lockout, invitations, single sign-on)
in this one form: Unicode NFKC, surrounding space removed, lower case throughout. The
local part is case-sensitive in theory; no mail system our partners use treats it so,
and two accounts differing only in case are the bug this prevents.
"""

from __future__ import annotations

import unicodedata


def normalise_email(address: str | None) -> str:
    return unicodedata.normalize("NFKC", address or "").strip().lower()

"""Password rules as the NCSC advises: long enough (12 characters, AUTH_PASSWORD_VALIDATORS),
not on a deny-list of common and breached passwords, and never forced to change.

The deny-list ships with the project (identity/data/deny_list.txt.gz). Typing a listed
password with digits or symbols around it ("Password2024!", "123monkey123") or twice
over ("dragondragon") is refused too, since that is the first thing a guesser tries;
so are the service's and the organisation's own names.
"""

from __future__ import annotations

import functools
import gzip
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

DENY_LIST = Path(__file__).resolve().parent / "data" / "deny_list.txt.gz"
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@functools.cache
def deny_list(path: Path = DENY_LIST) -> frozenset[str]:
    with gzip.open(path, "rt", encoding="utf-8") as listed:
        return frozenset(
            line.strip().lower() for line in listed if line.strip() and not line.startswith("#")
        )


def _service_words() -> set[str]:
    words = set()
    for name in (getattr(settings, "SERVICE_NAME", ""), getattr(settings, "ORGANISATION_NAME", "")):
        lowered = name.lower()
        words |= {lowered, lowered.replace(" ", ""), *lowered.split()}
    return {w for w in words if len(w) >= 4}


def _variants(password: str) -> set[str]:
    lowered = password.strip().lower()
    core = _EDGES.sub("", lowered)
    variants = {lowered, core}
    for text in (lowered, core):
        for size in range(1, len(text) // 2 + 1):
            unit = text[:size]
            if len(text) % size == 0 and unit * (len(text) // size) == text:
                variants.add(unit)
                break
    return {v for v in variants if v}


class DenyListValidator:
    """Refuse a password on the deny-list, or a listed one with padding around it."""

    def validate(self, password: str, user: Any = None) -> None:
        refused = deny_list() | _service_words()
        if _variants(password) & refused:
            raise ValidationError(
                "This password is too common: people guessing passwords try it first. "
                "Three random words make a strong password that is easy to remember.",
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be a commonly used one."

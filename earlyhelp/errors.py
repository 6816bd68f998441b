"""The one domain error type that services raise and the web and API layers translate.

Messages are written in the GOV.UK voice ("Select the lead agency"); `extra` carries
field-level detail: {"field_name": ["message", ...]} or any structured data.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class ConcurrentChangeError(ApplicationError):
    """Someone else changed the record since this user loaded it."""


class IdempotencyKeyReused(ApplicationError):
    """An Idempotency-Key sent again with a different request (earlyhelp/idempotency.py)."""

"""Changes to who may do what — roles, agencies, API tokens — go into the audit chain.

The audit log lives in cases/, which builds on partners/; partners/ must not import it.
So partners' services write through this port, and cases/ connects its writer when the
app registry is ready (cases/apps.py). The entry is written in the service's own
transaction, like every other audit entry; a service called before any writer is
connected refuses rather than changing roles unrecorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Writer = Callable[..., Any]
_writer: Writer | None = None


def connect(writer: Writer) -> None:
    global _writer
    _writer = writer


def record(
    *, actor: Any, action: str, obj: Any, reason: str, detail: dict[str, Any] | None = None
) -> None:
    """Append one chained audit entry about a person's roles, an agency or a token."""
    if _writer is None:
        raise ImproperlyConfigured("No audit writer is connected (cases app not ready)")
    _writer(actor=actor, action=action, obj=obj, reason=reason, detail=detail or {})

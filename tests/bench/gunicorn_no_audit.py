"""gunicorn settings for the bench's comparison run only: every web worker replaces the
audit write with a no-op once the application is loaded, so the bench can compare case
views per second with and without the audit chain. Never used to serve anyone."""

from __future__ import annotations

import sys
from typing import Any


def post_worker_init(worker: Any) -> None:
    from django.urls import get_resolver

    import cases.audit

    get_resolver().url_patterns  # noqa: B018 - imports every view, and what they import
    original = cases.audit.audit_record

    def not_written(**kwargs: Any) -> None:
        return None

    for module in list(sys.modules.values()):
        if getattr(module, "audit_record", None) is original:
            module.audit_record = not_written  # type: ignore[attr-defined]

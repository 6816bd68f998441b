"""Whether the family section offers Welsh (the language switch in its header)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def family(request: HttpRequest) -> dict[str, Any]:
    return {"WELSH_ENABLED": bool(getattr(settings, "FAMILY_WELSH_ENABLED", False))}

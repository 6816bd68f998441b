"""Values every page template needs: the service's name, the marking, who is signed in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from earlyhelp import roles


def service(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    memberships = roles.active_memberships(user=user) if user is not None else []
    overseeing = roles.oversight_memberships(user=user) if user is not None else []
    return {
        "SERVICE_NAME": settings.SERVICE_NAME,
        "ORGANISATION_NAME": getattr(settings, "ORGANISATION_NAME", ""),
        "PROTECTIVE_MARKING": settings.PROTECTIVE_MARKING,
        "current_memberships": memberships,
        "current_roles": {m.role for m in memberships},
        # Coordinator and manager roles held as zone-wide oversight (front door,
        # allocation, returns): at an agency that runs the service, or by a zone grant.
        "oversight_roles": {m.role for m in overseeing},
    }

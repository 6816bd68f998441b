"""The security events page: sign-ins, failures, lockouts and the rest, for system
administrators, filtered and paged."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from earlyhelp.url_policy import Policy, access_policy
from identity import selectors
from identity.events import SECURITY_ACTIONS
from identity.forms import SecurityEventFilterForm
from partners.roles import Role

PER_PAGE = 50


@access_policy(Policy.ROLES, roles={Role.SYSTEM_ADMIN})
def security_events(request: HttpRequest) -> HttpResponse:
    filters = SecurityEventFilterForm(
        request.GET or None, actions=[(a.value, a.label) for a in SECURITY_ACTIONS]
    )
    entries = selectors.security_events(
        action=filters.value("action"),
        email=filters.value("email"),
        since=filters.value("since"),
        until=filters.value("until"),
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.summary = _summary(entry)  # type: ignore[attr-defined]
    return render(request, "identity/security_events.html", {"filters": filters, "page": page})


def _summary(entry: Any) -> str:
    """The details of an event in a few words, from what its entry recorded."""
    detail = entry.detail or {}
    parts = [entry.reason] if entry.reason else []
    if detail.get("stage"):
        parts.append(f"at the {str(detail['stage']).replace('_', ' ')} step")
    if detail.get("locked") == "address":
        parts.append("every account from this address")
    if detail.get("agency"):
        parts.append(str(detail["agency"]))
    if "after" in detail:
        parts.append("now: " + (", ".join(Role(r).label for r in detail["after"]) or "none"))
    if detail.get("second_factor"):
        parts.append(f"second factor: {str(detail['second_factor']).replace('_', ' ')}")
    if detail.get("kind"):
        parts.append(str(detail["kind"]).replace("_", " "))
    if detail.get("device"):
        parts.append(f"named {detail['device']}")
    if "sessions" in detail:
        parts.append(f"{detail['sessions']} session(s) ended ({detail.get('why', '')})")
    return "; ".join(p for p in parts if p)

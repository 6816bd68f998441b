"""Refusals that no policy check wrote itself: every refused request leaves one entry.

Most refusals are written where they are decided (`access_case`, `require`, the URL
policy). Two kinds are not decided in code that knows the audit log:

- answers of 401 and 403 given by machinery: the API's authentication (a bogus or
  revoked token), its scope and role permissions (a read token writing, a missing
  role), CSRF failures. `record_refused_response` runs when each request ends and
  writes one refusal for such an answer unless the request already recorded one, so a
  refused request has exactly one refusal however it was refused;
- a sub-object of another case asked for under a case the person may see
  (`/cases/1/plan/actions/<an action of case 2>/`). The lookup scoped to case 1 finds
  nothing and answers 404 like a missing object; `refused_outside_case` records the
  refusal when the object does exist elsewhere.

Nothing a caller sends can stop the entry being written: the address comes from
`earlyhelp.proxies` (a bad header gives no address, never an error), and the token of
a refused API call is recorded by its public prefix only.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse

from cases.audit import audit_refusal, current_user, refusal_recorded

REFUSED_STATUSES = frozenset({401, 403})
_TOKEN = re.compile(r"^\s*bearer\s+eh_([0-9a-f]{8})_", re.IGNORECASE)


def _presented_token_prefix(request: HttpRequest) -> str | None:
    """The public prefix of a presented API token (never the secret part)."""
    match = _TOKEN.match(request.META.get("HTTP_AUTHORIZATION", ""))
    return match.group(1) if match else None


def _why(response: HttpResponse) -> str:
    detail = getattr(response, "data", None)
    if isinstance(detail, dict) and isinstance(detail.get("detail"), str):
        return detail["detail"][:200]
    return "refused"


def record_refused_response(request: HttpRequest, response: HttpResponse) -> None:
    """Write one refusal for a 401 or 403 answer that nothing recorded yet."""
    if response.status_code not in REFUSED_STATUSES or refusal_recorded():
        return
    detail: dict[str, Any] = {
        "path": request.path[:300],
        "method": request.method,
        "status": response.status_code,
    }
    token = _presented_token_prefix(request)
    if token:
        detail["token"] = token
    audit_refusal(
        actor=getattr(request, "user", None),
        reason=f"{response.status_code} {_why(response)}",
        detail=detail,
    )


def refused_hidden(*, model: type[Model], pk: Any, what: str) -> Http404:
    """The 404 for an object the person may not see; a refusal if it exists."""
    object_id = _int_or_none(pk)
    if object_id is not None and model._default_manager.filter(pk=object_id).exists():
        audit_refusal(
            actor=current_user(),
            reason=f"{what} not visible to this user",
            detail={"object_type": model._meta.label, "object_id": str(object_id)},
        )
    return Http404(f"No such {what}")


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def refused_outside_case(*, case: Any, model: type[Model], pk: Any, what: str) -> Http404:
    """The 404 for a sub-object not found under `case`; a refusal if it exists elsewhere.

    Raise what it returns: `raise refused_outside_case(case=case, model=PlanAction, ...)`.
    The answer is the same 404 either way, so nothing tells the caller it exists.
    """
    object_id = _int_or_none(pk)
    if object_id is not None and model._default_manager.filter(pk=object_id).exists():
        audit_refusal(
            actor=current_user(),
            reason=f"{what} of another case asked for under this case",
            case_id=case.pk,
            detail={"object_type": model._meta.label, "object_id": str(object_id)},
        )
    return Http404(f"No such {what}")

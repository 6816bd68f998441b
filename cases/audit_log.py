"""The case apps' audit log, as the kernel's audit interface (earlyhelp/audit.py) sees it.

`CasesConfig.ready` registers it, so code below `cases/` (the URL policy, the API's base
view, partners' services) writes entries without importing `cases/`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Model
from django.http import Http404

from cases import audit, refusals


class CaseAuditLog:
    """Each method is the case apps' own function of the same purpose."""

    def record(
        self,
        *,
        actor: Any,
        action: str,
        obj: Any = None,
        case: Any = None,
        reason: str = "",
        detail: dict[str, Any] | None = None,
        case_ids: Sequence[int] = (),
    ) -> Any:
        return audit.audit_record(
            actor=actor,
            action=action,
            obj=obj,
            case=case,
            reason=reason,
            detail=detail,
            case_ids=case_ids,
        )

    def refusal(
        self,
        *,
        actor: Any,
        reason: str,
        case_id: int | None = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        audit.audit_refusal(actor=actor, reason=reason, case_id=case_id, detail=detail)

    def refused_hidden(self, *, model: type[Model], pk: Any, what: str) -> Http404:
        return refusals.refused_hidden(model=model, pk=pk, what=what)

    def refused_outside_case(self, *, case: Any, model: type[Model], pk: Any, what: str) -> Http404:
        return refusals.refused_outside_case(case=case, model=model, pk=pk, what=what)

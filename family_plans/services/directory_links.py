"""Linking a plan action to a service in the directory ("Dad goes to the dads' group").

The link lets practitioners see where the family is being helped and lets
commissioners see how often each service is used in plans (family_plans/usage.py
answers the directory's question). Only whoever leads the work changes it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cases.access import Action, require
from cases.audit import audit_record
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from earlyhelp.versioning import lock_version, save_new_version
from family_plans.models import PlanAction
from family_plans.services.common import _check_plan_state, _stale
from partners.directory.models import Service, ServiceStatus
from partners.models import User


def action_service_link(
    *, actor: User, action: PlanAction, service: Service | None, expected_version: int
) -> PlanAction:
    """Link the action to a service (or unlink it, with None)."""
    case = action.plan.case
    require(actor, Action.WORK, case)
    _check_plan_state(case)
    if service is not None and service.status != ServiceStatus.ACTIVE:
        raise ApplicationError(
            "Select a service that is still running",
            {"service": ["Select a service that is still running"]},
        )
    with transaction.atomic():
        locked = lock_version(
            PlanAction.objects,
            pk=action.pk,
            expected=expected_version,
            stale=lambda row: _stale("action", row.updated_by),
        )
        save_new_version(locked, service=service, updated_at=timezone.now(), updated_by=actor)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            detail={"service": service.pk if service else None},
        )
    return locked

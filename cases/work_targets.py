# mypy: disallow-untyped-defs
"""The administrator's working-day targets for My work: one audited write."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cases.audit import audit_record
from cases.models import WorkingDayTargets
from cases.models.audit import AuditAction


@transaction.atomic
def working_day_targets_save(
    *, actor: Any, targets: WorkingDayTargets, changed: list[str]
) -> WorkingDayTargets:
    """Validate and save the one row of targets, naming the fields changed."""
    targets.full_clean()
    targets.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=targets,
        reason="configuration: working-day targets",
        detail={name: getattr(targets, name) for name in sorted(changed)},
    )
    return targets

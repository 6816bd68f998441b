# mypy: disallow-untyped-defs
"""Writes of the partnership's configuration: one audited transaction each.

The administration pages call these from `save_model`/`delete_model`, the CSV import
from its command, so a figure changes the same way whichever door it came in by.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from cases.audit import audit_record
from cases.models.audit import AuditAction
from reporting.models import (
    AuditFramework,
    AuditQuestion,
    PartnershipPledge,
    PartnershipStrand,
)


def _value(obj: models.Model, name: str) -> Any:
    value = getattr(obj, name, None)
    if isinstance(value, models.Model):
        return str(value)
    return value if isinstance(value, (int, str, bool, type(None))) else str(value)


@transaction.atomic
def configuration_save(
    *, actor: Any, obj: models.Model, changed: list[str], created: bool
) -> models.Model:
    """Validate and save one configured figure or framework row, with an audit entry
    naming the fields changed and their new values."""
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=obj,
        reason=f"configuration: {obj._meta.verbose_name}",
        detail={name: _value(obj, name) for name in sorted(changed)},
    )
    return obj


@transaction.atomic
def configuration_delete(*, actor: Any, obj: models.Model) -> None:
    """Remove a configured row, recording what it held."""
    detail = {f.name: _value(obj, f.attname) for f in obj._meta.concrete_fields}
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        reason=f"configuration removed: {obj._meta.verbose_name}",
        detail=detail,
    )
    obj.delete()


def framework_in_use(framework: AuditFramework) -> bool:
    """A framework that audits were made against is fixed: those audits keep its
    questions as they were. Changes go into a new version."""
    return bool(framework.pk) and framework.audits.exists()


@transaction.atomic
def audit_framework_new_version(*, actor: Any, framework: AuditFramework) -> AuditFramework:
    """Copy a framework and its questions as the next version, not yet current, so an
    administrator can change the questions while earlier audits keep theirs."""
    base = framework.name.split(" (version ")[0]
    taken = set(AuditFramework.objects.filter(name__startswith=base).values_list("name", flat=True))
    number = 2
    while f"{base} (version {number})" in taken:
        number += 1
    copy = AuditFramework.objects.create(
        name=f"{base} (version {number})", description=framework.description, is_current=False
    )
    AuditQuestion.objects.bulk_create(
        AuditQuestion(
            framework=copy,
            number=q.number,
            text=q.text,
            guidance=q.guidance,
            is_active=q.is_active,
        )
        for q in framework.questions.all()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=copy,
        reason="configuration: audit framework version",
        detail={"copied_from": framework.pk, "name": copy.name},
    )
    return copy


@transaction.atomic
def audit_framework_make_current(*, actor: Any, framework: AuditFramework) -> AuditFramework:
    """New audits use this framework from now on; audits already started keep theirs."""
    AuditFramework.objects.filter(is_current=True).exclude(pk=framework.pk).update(is_current=False)
    framework.is_current = True
    framework.save(update_fields=["is_current"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=framework,
        reason="configuration: audit framework made current",
        detail={"name": framework.name},
    )
    return framework


def pledge_in_use(pledge: PartnershipPledge) -> bool:
    """A pledge an agency has said it meets keeps its words: retire it and add another."""
    from reporting.models import AgencySelfAssessment

    through = AgencySelfAssessment.pledges_met.through
    return bool(pledge.pk) and through.objects.filter(partnershippledge_id=pledge.pk).exists()


def strand_in_use(strand: PartnershipStrand) -> bool:
    """A strand agencies have rated themselves against keeps its name: retire it and add
    another."""
    from reporting.models import StrandRating

    return bool(strand.pk) and StrandRating.objects.filter(strand_id=strand.pk).exists()

# mypy: disallow-untyped-defs
"""Saving one section of an assessment, with its headline problems, refusing a stale save."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from assessments import sections as s
from assessments.models import Assessment, AssessmentProblem, AssessmentSection, SectionStatus
from assessments.selectors import section_context, section_rows
from assessments.services.rules import _when
from cases.access import Action, require
from cases.audit import audit_record
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import User


def _conflict(row: AssessmentSection) -> ConcurrentChangeError:
    return ConcurrentChangeError(
        f"{row.updated_by.full_name} saved this section while you were working on it. "
        "Choose what to keep.",
        {
            "theirs": dict(row.data),
            "version": row.version,
            "status": row.status,
            "updated_by": row.updated_by.full_name,
            "updated_at": row.updated_at.isoformat(),
        },
    )


def _sync_problems(
    assessment: Assessment, values: Mapping[str, Any], context: s.SectionContext
) -> None:
    """Make the assessment's problem rows say what the problems section says."""
    ticked = {h.id: h for h in context.headlines if values.get(f"p{h.id}")}
    AssessmentProblem.objects.filter(assessment=assessment).exclude(
        headline_id__in=list(ticked)
    ).delete()
    for headline_id in ticked:
        AssessmentProblem.objects.update_or_create(
            assessment=assessment,
            headline_id=headline_id,
            defaults={
                "evidence": str(values.get(f"p{headline_id}_evidence") or ""),
                "identified_on": s.parse_date(values.get(f"p{headline_id}_identified_on")),
            },
        )


def assessment_section_save(
    *,
    actor: User,
    assessment: Assessment,
    key: str,
    values: Mapping[str, Any],
    complete: bool,
    expected_version: int,
    at: dt.datetime | None = None,
) -> AssessmentSection:
    """Save one section of a draft, keeping every answer typed.

    `expected_version` is the section version the page showed (0 for a section
    nobody has saved). If someone saved the section since, nothing is written and
    ConcurrentChangeError carries their answers, so the page can show both and let
    the person choose or merge. Missing answers are refused only when the section
    is marked as completed.
    """
    require(actor, Action.WORK, assessment.case)
    when = _when(at)
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("case__family", "framework")
            .get(pk=assessment.pk)
        )
        if not locked.is_draft:
            raise ApplicationError(
                "This assessment has been submitted, so it cannot be changed. "
                "A manager can return it to you if it needs changing."
            )
        rows = section_rows(assessment=locked)
        context = section_context(assessment=locked, rows=rows)
        section = next((d for d in s.section_definitions(context) if d.key == key), None)
        if section is None:
            raise ApplicationError("There is no such section in this assessment")
        row = rows.get(key)
        if (row.version if row else 0) != expected_version:
            if row is None:  # a version for a section that does not exist: start again
                raise ConcurrentChangeError("This section has changed: open it again")
            raise _conflict(row)
        cleaned = s.clean_values(section, values)
        errors = s.validate(
            section, cleaned | _raw_dates(section, values), complete=complete, context=context
        )
        if errors:
            raise ApplicationError("Check the answers in this section", errors)
        status = SectionStatus.COMPLETED if complete else SectionStatus.IN_PROGRESS
        if row is None:
            row = AssessmentSection.objects.create(
                assessment=locked,
                key=key,
                kind=section.kind,
                person_id=section.person_id,
                data=cleaned,
                status=status,
                updated_at=when,
                updated_by=actor,
            )
        else:
            row.data = cleaned
            row.status = status
            row.version += 1
            row.updated_at = when
            row.updated_by = actor
            row.save(update_fields=["data", "status", "version", "updated_at", "updated_by"])
        fields = ["version"]
        if section.kind == s.Kind.ANALYSIS:
            level = cleaned.get("need_level")
            locked.need_level_id = int(level) if level else None
            fields.append("need_level")
        if section.kind == s.Kind.PROBLEMS:
            _sync_problems(locked, cleaned, context)
        locked.version += 1
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            case=locked.case,
            detail={"section": key, "status": status, "assessment": locked.number},
        )
    assessment.version = locked.version
    assessment.need_level_id = locked.need_level_id
    return row


def _raw_dates(section: s.SectionDef, values: Mapping[str, Any]) -> dict[str, Any]:
    """Dates typed that are not real dates, so validation can say so."""
    raw: dict[str, Any] = {}
    for f in section.fields:
        value = values.get(f.name)
        if f.kind == s.DATE and value and s.parse_date(value) is None:
            raw[f.name] = value
    return raw

# mypy: disallow-untyped-defs
"""Submitting an assessment, signing it off or returning it, and recording one completed
elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from assessments import sections as s
from assessments.events import AssessmentEvent
from assessments.models import (
    Assessment,
    AssessmentProblem,
    AssessmentReview,
    AssessmentSection,
    AssessmentSource,
    AssessmentState,
    ReviewDecision,
    SectionStatus,
)
from assessments.selectors import current_framework, section_context, section_rows
from assessments.services.rules import (
    RECORDED_ASSESSMENT_STATES,
    _assessment_url,
    _state_label,
    _when,
)
from cases import timeline, work_notices
from cases.access import Action, require
from cases.events import case_event_record
from cases.models import Case
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import User


def assessment_submit(
    *, actor: User, assessment: Assessment, expected_version: int, at: dt.datetime | None = None
) -> Assessment:
    """Submit a draft whose sections are all completed, as the person checked it."""
    require(actor, Action.WORK, assessment.case)
    when = _when(at)
    with transaction.atomic():
        locked = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("case__family", "framework")
            .get(pk=assessment.pk)
        )
        if not locked.is_draft:
            raise ApplicationError("This assessment has already been submitted")
        if locked.version != expected_version:
            raise ConcurrentChangeError(
                "Someone changed the assessment after you opened this page. "
                "Check the answers again before you submit.",
                {"version": locked.version},
            )
        rows = section_rows(assessment=locked)
        context = section_context(assessment=locked, rows=rows)
        missing = [
            d.title
            for d in s.section_definitions(context)
            if (row := rows.get(d.key)) is None or row.status != SectionStatus.COMPLETED
        ]
        if missing:
            raise ApplicationError(
                "Complete every section before you submit the assessment: " + ", ".join(missing),
                {"__all__": [f"Complete the section '{title}'" for title in missing]},
            )
        locked.state = AssessmentState.SUBMITTED
        locked.submitted_at = when
        locked.submitted_by = actor
        locked.version += 1
        locked.save(update_fields=["state", "submitted_at", "submitted_by", "version"])
        case_event_record(
            event=AssessmentEvent.SUBMITTED,
            case=locked.case,
            actor=actor,
            obj=locked,
            title=f"Assessment submitted for sign-off (version {locked.number})",
            url=_assessment_url(locked),
            at=when if at else None,
            detail={"from": "draft", "to": "submitted"},
        )
        work_notices.sign_off_awaited(
            case=locked.case, what="An assessment", url=_assessment_url(locked), actor=actor
        )
    return locked


def _locked_submitted(assessment: Assessment, expected_version: int | None) -> Assessment:
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=assessment.pk)
    )
    if locked.state != AssessmentState.SUBMITTED:
        raise ApplicationError("Only a submitted assessment can be signed off or returned")
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentChangeError(
            "The assessment changed after you opened this page. Read it again.",
            {"version": locked.version},
        )
    return locked


def assessment_sign_off(
    *,
    actor: User,
    assessment: Assessment,
    comments: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Assessment:
    """A manager signs the assessment off: from now on it never changes."""
    require(actor, Action.SIGN_OFF, assessment.case)
    when = _when(at)
    with transaction.atomic():
        locked = _locked_submitted(assessment, expected_version)
        if locked.submitted_by_id == actor.pk:
            raise ApplicationError("Another manager must sign off an assessment you submitted")
        locked.state = AssessmentState.SIGNED_OFF
        locked.signed_off_at = when
        locked.signed_off_by = actor
        locked.version += 1
        locked.save(update_fields=["state", "signed_off_at", "signed_off_by", "version"])
        AssessmentReview.objects.create(
            assessment=locked,
            decision=ReviewDecision.SIGNED_OFF,
            comments=comments.strip(),
            reviewed_by=actor,
            reviewed_at=when,
        )
        case_event_record(
            event=AssessmentEvent.SIGNED_OFF,
            case=locked.case,
            actor=actor,
            obj=locked,
            title=f"Assessment signed off (version {locked.number})",
            description=comments.strip(),
            url=_assessment_url(locked),
            at=when if at else None,
            detail={"from": "submitted", "to": "signed_off"},
        )
    return locked


def assessment_return(
    *,
    actor: User,
    assessment: Assessment,
    comments: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Assessment:
    """A manager returns the assessment to draft, saying what needs to change."""
    require(actor, Action.SIGN_OFF, assessment.case)
    if not comments.strip():
        raise ApplicationError(
            "Enter what needs to change", {"comments": ["Enter what needs to change"]}
        )
    when = _when(at)
    with transaction.atomic():
        locked = _locked_submitted(assessment, expected_version)
        locked.state = AssessmentState.DRAFT
        locked.submitted_at = None
        locked.submitted_by = None
        locked.version += 1
        locked.save(update_fields=["state", "submitted_at", "submitted_by", "version"])
        AssessmentReview.objects.create(
            assessment=locked,
            decision=ReviewDecision.RETURNED,
            comments=comments.strip(),
            reviewed_by=actor,
            reviewed_at=when,
        )
        case_event_record(
            event=AssessmentEvent.RETURNED,
            case=locked.case,
            actor=actor,
            obj=locked,
            title=f"Assessment returned with comments (version {locked.number})",
            description=comments.strip(),
            url=_assessment_url(locked),
            at=when if at else None,
            detail={"from": "submitted", "to": "draft"},
        )
    return locked


def assessment_record_completed(
    *,
    actor: User,
    case: Case,
    answers: Mapping[str, Mapping[str, Any]],
    assessed_by: User,
    started_at: dt.datetime,
    signed_off_at: dt.datetime,
) -> Assessment:
    """Enter a whole assessment completed and signed off elsewhere (on paper, or in the
    council's previous system), as a manager. Every section must be complete."""
    require(actor, Action.SIGN_OFF, case)
    _when(signed_off_at)
    if started_at > signed_off_at:
        raise ApplicationError("The assessment must start before it is signed off")
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",), no_key=True)
            .select_related("family")
            .get(pk=case.pk)
        )
        if locked.state not in RECORDED_ASSESSMENT_STATES:
            raise ApplicationError(
                f"You cannot record an assessment while the case is '{_state_label(locked)}'"
            )
        if (
            Assessment.objects.filter(case=locked)
            .exclude(state=AssessmentState.SIGNED_OFF)
            .exists()
        ):
            raise ApplicationError("This family's assessment is already in progress")
        last = Assessment.objects.filter(case=locked).order_by("-number").first()
        assessment = Assessment(
            case=locked,
            number=(last.number + 1) if last else 1,
            previous=last,
            source=AssessmentSource.IMPORTED,
            framework=current_framework(),
            started_at=started_at,
            started_by=assessed_by,
            submitted_at=signed_off_at,
            submitted_by=assessed_by,
            signed_off_at=signed_off_at,
            signed_off_by=actor,
            state=AssessmentState.DRAFT,  # signed off below, once its sections are written
        )
        context = section_context(assessment=assessment, rows={})
        definitions = s.section_definitions(context)
        errors: dict[str, list[str]] = {}
        cleaned: dict[str, dict[str, Any]] = {}
        for d in definitions:
            values = s.clean_values(d, answers.get(d.key, {}))
            problems = s.validate(d, values, complete=True, context=context)
            for name, messages in problems.items():
                errors[f"{d.key}.{name}"] = messages
            cleaned[d.key] = values
        if errors:
            first = next(iter(errors.values()))[0]
            raise ApplicationError(f"Check the assessment: {first}", errors)
        level = cleaned.get("analysis", {}).get("need_level")
        assessment.need_level_id = int(level) if level else None
        assessment.state = AssessmentState.SIGNED_OFF
        assessment.save()
        AssessmentSection.objects.bulk_create(
            AssessmentSection(
                assessment=assessment,
                key=d.key,
                kind=d.kind,
                person_id=d.person_id,
                data=cleaned[d.key],
                status=SectionStatus.COMPLETED,
                updated_at=signed_off_at,
                updated_by=assessed_by,
            )
            for d in definitions
        )
        problems_values = cleaned.get("problems", {})
        AssessmentProblem.objects.bulk_create(
            AssessmentProblem(
                assessment=assessment,
                headline_id=h.id,
                evidence=str(problems_values.get(f"p{h.id}_evidence") or ""),
                identified_on=s.parse_date(problems_values.get(f"p{h.id}_identified_on")),
            )
            for h in context.headlines
            if problems_values.get(f"p{h.id}")
        )
        AssessmentReview.objects.create(
            assessment=assessment,
            decision=ReviewDecision.SIGNED_OFF,
            comments="Recorded from an assessment completed elsewhere.",
            reviewed_by=actor,
            reviewed_at=signed_off_at,
        )
        timeline.event_add(
            case=locked,
            kind=AssessmentEvent.STARTED.kind,
            actor=assessed_by,
            title="Early Help Assessment started"
            if assessment.number == 1
            else f"Reassessment started (version {assessment.number})",
            url=_assessment_url(assessment),
            at=started_at,
        )
        case_event_record(
            event=AssessmentEvent.RECORDED_FROM_HISTORY,
            case=locked,
            actor=actor,
            obj=assessment,
            title=f"Assessment signed off (version {assessment.number})",
            description="Entered from an assessment completed outside this system.",
            url=_assessment_url(assessment),
            at=signed_off_at,
            detail={"source": AssessmentSource.IMPORTED},
        )
    return assessment

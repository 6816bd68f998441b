"""Every write to assessments, Outcome Star readings, headline-problem progress and measures.

Each service takes the acting user, checks permission through cases.access, changes
data in one transaction, appends to the case chronology where the case shows it and
writes its audit entry last. Views, the demo builder and any future API call these;
nothing else saves these models.

Permissions: the lead practitioner's work (Action.WORK) starts, edits and submits an
assessment and records Star readings and problem progress; managers (Action.SIGN_OFF)
sign assessments off or return them; anyone on the case who may add notes
(Action.ADD_NOTE) may record a standardised measure, as partners delivering a
parenting programme do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessments import sections as s
from assessments.models import (
    CONFIRMED_KINDS,
    Assessment,
    AssessmentProblem,
    AssessmentReview,
    AssessmentSection,
    AssessmentSource,
    AssessmentState,
    HeadlineProblem,
    MeasureOccasion,
    MeasureReading,
    MeasureType,
    ProblemProgress,
    ProgressStatus,
    ReadingKind,
    ReadingOccasion,
    ReviewDecision,
    SectionStatus,
    StarReading,
    StarScore,
    StarType,
)
from assessments.selectors import (
    current_framework,
    headline_problems,
    section_context,
    section_rows,
)
from cases import timeline, work_notices
from cases.access import Action, require
from cases.audit import audit_record
from cases.models import Case, HouseholdMember, Person
from cases.models.audit import AuditAction
from cases.services import case_transition
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import User

FIRST_ASSESSMENT_STATES = frozenset({State.ALLOCATED, State.ASSESSMENT})
REASSESSMENT_STATES = frozenset({State.ASSESSMENT, State.PLAN_AND_REVIEW})
RECORDED_ASSESSMENT_STATES = frozenset(
    {State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING, State.CLOSED}
)
READING_STATES = frozenset(
    {State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING, State.CLOSED}
)


def _when(at: dt.datetime | None) -> dt.datetime:
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise ApplicationError("The date must be today or in the past")
    return at


def _state_label(case: Case) -> str:
    return State(case.state).label.lower()


def _noon(on: dt.date) -> dt.datetime | None:
    """When a dated event happened, for the chronology (None: now, for today's events)."""
    if on == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12)))


def _assessment_url(assessment: Assessment) -> str:
    return f"/cases/{assessment.case_id}/assessment/{assessment.number}/"


# ------------------------------------------------------------------ starting


def assessment_start(*, actor: User, case: Case, at: dt.datetime | None = None) -> Assessment:
    """Start the case's assessment, or a reassessment copied from the last signed-off version.

    The first assessment needs the case allocated (it moves the case on to
    'assessment'); a reassessment needs the last version signed off.
    """
    require(actor, Action.WORK, case)
    when = _when(at)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        versions = list(
            Assessment.objects.filter(case=locked).order_by("-number").select_for_update()
        )
        last = versions[0] if versions else None
        if last is not None and not last.is_signed_off:
            raise ApplicationError(
                "This family's assessment is already in progress: continue it instead"
            )
        if last is None and locked.state not in FIRST_ASSESSMENT_STATES:
            raise ApplicationError(
                "You can start an assessment once the case is allocated, not while it is "
                f"'{_state_label(locked)}'"
            )
        if last is not None and locked.state not in REASSESSMENT_STATES:
            raise ApplicationError(
                f"You cannot reassess the family while the case is '{_state_label(locked)}'"
            )
        if last is None and locked.state == State.ALLOCATED:
            locked = case_transition(actor=actor, case=locked, name="start_assessment", at=at)
        assessment = Assessment.objects.create(
            case=locked,
            number=(last.number + 1) if last else 1,
            previous=last,
            framework=current_framework(),
            need_level=last.need_level if last else None,
            started_at=when,
            started_by=actor,
            organisation_id=locked.lead_agency_id,
        )
        if last is not None:
            _copy_sections(last, assessment, actor=actor, at=when)
        title = (
            f"Reassessment started (version {assessment.number})"
            if last
            else "Early Help Assessment started"
        )
        timeline.event_add(
            case=locked,
            kind="assessment",
            actor=actor,
            title=title,
            url=_assessment_url(assessment),
            at=when if at else None,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=assessment, case=locked)
    return assessment


def _copy_sections(source: Assessment, target: Assessment, *, actor: User, at: dt.datetime) -> None:
    """Copy the answers of the last version: sections of people who left stay behind."""
    current = set(
        HouseholdMember.objects.filter(
            family_id=source.case.family_id, left_on__isnull=True
        ).values_list("person_id", flat=True)
    )
    AssessmentSection.objects.bulk_create(
        AssessmentSection(
            assessment=target,
            key=row.key,
            kind=row.kind,
            person_id=row.person_id,
            data=dict(row.data),
            status=row.status,
            updated_at=at,
            updated_by=actor,
        )
        for row in AssessmentSection.objects.filter(assessment=source)
        if row.person_id is None or row.person_id in current
    )
    if target.framework_id == source.framework_id:
        AssessmentProblem.objects.bulk_create(
            AssessmentProblem(
                assessment=target,
                headline_id=p.headline_id,
                evidence=p.evidence,
                identified_on=p.identified_on,
            )
            for p in AssessmentProblem.objects.filter(assessment=source)
        )


# ------------------------------------------------------------------ saving a section


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


# ------------------------------------------------------------------ submitting and signing off


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
        timeline.event_add(
            case=locked.case,
            kind="assessment",
            actor=actor,
            title=f"Assessment submitted for sign-off (version {locked.number})",
            url=_assessment_url(locked),
            at=when if at else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            case=locked.case,
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
        timeline.event_add(
            case=locked.case,
            kind="assessment",
            actor=actor,
            title=f"Assessment signed off (version {locked.number})",
            description=comments.strip(),
            url=_assessment_url(locked),
            at=when if at else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            case=locked.case,
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
        timeline.event_add(
            case=locked.case,
            kind="assessment",
            actor=actor,
            title=f"Assessment returned with comments (version {locked.number})",
            description=comments.strip(),
            url=_assessment_url(locked),
            at=when if at else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=locked,
            case=locked.case,
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
            Case.objects.select_for_update(of=("self",)).select_related("family").get(pk=case.pk)
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
            kind="assessment",
            actor=assessed_by,
            title="Early Help Assessment started"
            if assessment.number == 1
            else f"Reassessment started (version {assessment.number})",
            url=_assessment_url(assessment),
            at=started_at,
        )
        timeline.event_add(
            case=locked,
            kind="assessment",
            actor=actor,
            title=f"Assessment signed off (version {assessment.number})",
            description="Entered from an assessment completed outside this system.",
            url=_assessment_url(assessment),
            at=signed_off_at,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=assessment,
            case=locked,
            detail={"source": AssessmentSource.IMPORTED},
        )
    return assessment


# ------------------------------------------------------------------ headline-problem progress


def problem_progress_record(
    *,
    actor: User,
    case: Case,
    headline: HeadlineProblem,
    status: str,
    note: str = "",
    recorded_on: dt.date | None = None,
) -> ProblemProgress:
    """Record progress against one of the family's headline problems."""
    require(actor, Action.WORK, case)
    today = timezone.localdate()
    recorded_on = recorded_on or today
    errors: dict[str, list[str]] = {}
    if headline.pk not in {p.headline_id for p in headline_problems(case)}:
        errors["headline"] = ["Select one of the family's headline problems"]
    if status not in ProgressStatus.values:
        errors["status"] = ["Select the progress made"]
    if recorded_on > today:
        errors["recorded_on"] = ["Date of the progress must be today or in the past"]
    elif recorded_on < case.opened_on:
        errors["recorded_on"] = ["Date of the progress must be after the case was opened"]
    if errors:
        raise ApplicationError("Check the progress", errors)
    with transaction.atomic():
        progress = ProblemProgress.objects.create(
            case=case,
            headline=headline,
            status=status,
            note=note.strip(),
            recorded_on=recorded_on,
            recorded_by=actor,
        )
        timeline.event_add(
            case=case,
            kind="outcomes",
            actor=actor,
            title=f"Progress on '{headline.name}': {progress.get_status_display().lower()}",
            description=note.strip(),
            at=_noon(recorded_on),
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=progress, case=case)
    return progress


# ------------------------------------------------------------------ Outcome Star readings

JOINT = "joint"
WORKER_ONLY = "worker_only"
DISAGREE = "disagree"
READING_WAYS = (JOINT, WORKER_ONLY, DISAGREE)


def _check_date(
    errors: dict[str, list[str]], name: str, label: str, on: dt.date | None, case: Case
) -> None:
    if on is None:
        errors[name] = [f"Enter the {label.lower()}"]
    elif on > timezone.localdate():
        errors[name] = [f"{label} must be today or in the past"]
    elif on < case.opened_on:
        errors[name] = [
            f"{label} must be on or after {case.opened_on.day} {case.opened_on:%B %Y}, "
            "when the case was opened"
        ]
    elif case.closed_on and on > case.closed_on:
        errors[name] = [f"{label} must be before the case was closed"]


def _check_scores(
    errors: dict[str, list[str]],
    prefix: str,
    star_type: StarType,
    scales: Sequence[Any],
    scores: Mapping[int, Any],
    whose: str,
) -> dict[int, int]:
    checked: dict[int, int] = {}
    for scale in scales:
        raw = scores.get(scale.pk)
        name = f"{prefix}{scale.pk}"
        value: int | None = None
        if raw is not None and str(raw).strip() != "":
            try:
                value = int(str(raw).strip())
            except ValueError:
                value = -1
        if value is None:
            errors[name] = [f"Enter {whose} score for {scale.name}"]
        elif not 1 <= value <= star_type.max_value:
            errors[name] = [
                f"{whose.capitalize()} score for {scale.name} must be a whole number "
                f"from 1 to {star_type.max_value}"
            ]
        else:
            checked[scale.pk] = value
    return checked


def star_reading_record(
    *,
    actor: User,
    case: Case,
    star_type: StarType,
    taken_on: dt.date | None,
    occasion: str,
    way: str,
    scores: Mapping[int, Any],
    notes: Mapping[int, str] | None = None,
    family_scores: Mapping[int, Any] | None = None,
    family_notes: Mapping[int, str] | None = None,
    present: Sequence[Person] = (),
    others_present: str = "",
    note: str = "",
) -> StarReading:
    """Record a reading: with the family, by the worker alone, or both views when they disagree.

    `way` is "joint", "worker_only" or "disagree". A disagreement is recorded as two
    readings, the worker's (which counts in reports) and the family's (which does
    not), linked to each other. Returns the reading that counts.
    """
    require(actor, Action.WORK, case)
    errors: dict[str, list[str]] = {}
    if not star_type.is_active:
        errors["star_type"] = ["Select a star"]
    if occasion not in ReadingOccasion.values:
        errors["occasion"] = ["Select when the reading was taken: start, review or closure"]
    if way not in READING_WAYS:
        errors["way"] = ["Select who took part in the reading"]
    _check_date(errors, "taken_on", "Date of the reading", taken_on, case)
    if case.state not in READING_STATES:
        errors["__all__"] = ["Readings can be recorded once the case is allocated"]
    scales = list(star_type.scales.order_by("number"))
    checked = _check_scores(errors, "score_", star_type, scales, scores, "the")
    family_checked: dict[int, int] = {}
    if way == DISAGREE:
        family_checked = _check_scores(
            errors, "family_score_", star_type, scales, family_scores or {}, "the family's"
        )
    household_ids = set(
        HouseholdMember.objects.filter(family_id=case.family_id).values_list("person_id", flat=True)
    )
    if any(p.pk not in household_ids for p in present):
        errors["present"] = ["Select family members from the household"]
    if way == JOINT and not present:
        errors["present"] = ["Select the family members who took part"]
    if errors:
        raise ApplicationError("Check the reading", errors)
    if taken_on is None:  # already refused above; narrows the type
        raise ApplicationError("Enter the date of the reading")
    notes = notes or {}
    family_notes = family_notes or {}
    kind = {
        JOINT: ReadingKind.JOINT,
        WORKER_ONLY: ReadingKind.WORKER_ONLY,
        DISAGREE: ReadingKind.WORKER_VIEW,
    }[way]
    with transaction.atomic():
        reading = _reading_create(
            case, star_type, taken_on, occasion, kind, actor, present, others_present, note
        )
        _scores_create(reading, checked, notes)
        if way == DISAGREE:
            family = _reading_create(
                case,
                star_type,
                taken_on,
                occasion,
                ReadingKind.FAMILY_VIEW,
                actor,
                present,
                others_present,
                note,
            )
            _scores_create(family, family_checked, family_notes)
            family.paired_with = reading
            family.save(update_fields=["paired_with"])
        label = ReadingOccasion(occasion).label.lower()
        how = {
            JOINT: "with the family",
            WORKER_ONLY: "by the worker only",
            DISAGREE: "worker's and family's views recorded",
        }[way]
        timeline.event_add(
            case=case,
            kind="star",
            actor=actor,
            title=f"{star_type.name} reading recorded ({label}, {how})",
            description=note.strip()[:300],
            url=f"/cases/{case.pk}/outcome-star/{reading.pk}/",
            at=_noon(taken_on),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=reading,
            case=case,
            detail={"way": way, "occasion": occasion},
        )
    return reading


def _reading_create(
    case: Case,
    star_type: StarType,
    taken_on: dt.date,
    occasion: str,
    kind: str,
    actor: User,
    present: Sequence[Person],
    others_present: str,
    note: str,
) -> StarReading:
    reading = StarReading.objects.create(
        case=case,
        star_type=star_type,
        taken_on=taken_on,
        occasion=occasion,
        kind=kind,
        counts_in_reports=kind in CONFIRMED_KINDS,
        others_present=others_present.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    if present:
        reading.present.set(present)
    return reading


def _scores_create(
    reading: StarReading, values: Mapping[int, int], notes: Mapping[int, str]
) -> None:
    StarScore.objects.bulk_create(
        StarScore(
            reading=reading,
            scale_id=scale_id,
            value=value,
            note=str(notes.get(scale_id, "")).strip(),
        )
        for scale_id, value in values.items()
    )


# ------------------------------------------------------------------ standardised measures


def measure_reading_record(
    *,
    actor: User,
    case: Case,
    measure: MeasureType,
    person: Person | None,
    score: Any,
    taken_on: dt.date | None,
    occasion: str,
    note: str = "",
) -> MeasureReading:
    """Record a standardised measure (e.g. an SDQ total difficulties score) for a person."""
    require(actor, Action.ADD_NOTE, case)
    errors: dict[str, list[str]] = {}
    if not measure.is_active:
        errors["measure"] = ["Select a measure"]
    try:
        value = int(score) if score not in (None, "") else None
    except (TypeError, ValueError):
        value = None
        errors["score"] = [
            f"Score must be a whole number from {measure.min_score} to {measure.max_score}"
        ]
    if value is None and "score" not in errors:
        errors["score"] = ["Enter the score"]
    elif value is not None and not measure.min_score <= value <= measure.max_score:
        errors["score"] = [
            f"Score must be a whole number from {measure.min_score} to {measure.max_score}"
        ]
    if (
        person is None
        or not HouseholdMember.objects.filter(family_id=case.family_id, person=person).exists()
    ):
        errors["person"] = ["Select who the score is for"]
    if occasion not in MeasureOccasion.values:
        errors["occasion"] = ["Select when the measure was taken"]
    _check_date(errors, "taken_on", "Date of the measure", taken_on, case)
    if errors:
        raise ApplicationError("Check the measure", errors)
    if taken_on is None or value is None or person is None:  # refused above; narrows types
        raise ApplicationError("Check the measure")
    with transaction.atomic():
        reading = MeasureReading.objects.create(
            case=case,
            measure=measure,
            person=person,
            score=value,
            taken_on=taken_on,
            occasion=occasion,
            note=note.strip(),
            recorded_by=actor,
        )
        timeline.event_add(
            case=case,
            kind="measure",
            actor=actor,
            title=f"{measure} recorded for {person.full_name}: {value}",
            description=note.strip()[:300],
            at=_noon(taken_on),
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=reading, case=case)
    return reading

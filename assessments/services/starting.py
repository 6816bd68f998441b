# mypy: disallow-untyped-defs
"""Starting an assessment, or a reassessment that copies the last one's answers."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from assessments.events import AssessmentEvent
from assessments.models import Assessment, AssessmentProblem, AssessmentSection
from assessments.selectors import current_framework
from assessments.services.rules import (
    FIRST_ASSESSMENT_STATES,
    REASSESSMENT_STATES,
    _assessment_url,
    _state_label,
    _when,
)
from cases.access import Action, require
from cases.events import case_event_record
from cases.models import Case, HouseholdMember
from cases.services import case_transition
from cases.workflow import TransitionName
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from partners.models import User


def assessment_start(*, actor: User, case: Case, at: dt.datetime | None = None) -> Assessment:
    """Start the case's assessment, or a reassessment copied from the last signed-off version.

    The first assessment needs the case allocated (it moves the case on to
    'assessment'); a reassessment needs the last version signed off.
    """
    require(actor, Action.WORK, case)
    when = _when(at)
    with transaction.atomic():
        locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)  # see lock_version
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
            locked = case_transition(
                actor=actor, case=locked, name=TransitionName.START_ASSESSMENT, at=at
            )
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
        case_event_record(
            event=AssessmentEvent.STARTED,
            case=locked,
            actor=actor,
            obj=assessment,
            title=title,
            url=_assessment_url(assessment),
            at=when if at else None,
        )
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

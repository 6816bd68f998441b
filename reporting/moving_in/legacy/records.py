# mypy: disallow-untyped-defs
"""The moving-in service: what a legacy case bundle's rows become in the product.

Why it writes the records itself rather than through enquiry_create, case_transition,
actions_add, meeting_schedule or note_add: those services record what happens now. They
stamp today's date and the acting person, walk the case through the workflow one
transition at a time, refuse changes to closed cases, and send notifications. A case
that moves in has already happened: it was opened in 2023, its plan agreed in March,
its meeting held on a given afternoon, and it may be closed. So this service sets the
historical dates and states the source recorded, keeps the people the source named as
authors and owners, and sends nothing. Every record it makes is remembered as an
ImportedRecord of its batch, and the batch is audited as one entry (services.py).

Assessments that come as files do go through the documents app's upload service, so
they are checked and virus-scanned like any upload (see `assessment_file_add`).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.models import Case
from cases.models.notes import CaseNote, NoteType, NoteVisibility
from cases.workflow_states import State
from documents.models import Document, DocumentType
from documents.services import document_erase, document_upload
from earlyhelp.templatetags.govuk import govuk_date
from family_plans.models import (
    FamilyPlan,
    MeetingStatus,
    OwnerKind,
    PlanAction,
    PlanOutcome,
    PlanStatus,
    PlanVersion,
    TafMeeting,
)
from partners.models import User
from reporting.moving_in.legacy.bundle import LegacyBundle, parse_day, parse_moment
from reporting.moving_in.ssd_rows import Row


def checked_day(row: Row, column: str) -> dt.date:
    """A date bundle.py has checked is there."""
    day = parse_day(row.get(column))
    if day is None:
        raise ValueError(f"{column} is blank")
    return day


def noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def case_values(bundle: LegacyBundle, row: Row) -> dict[str, Any]:
    mapping = bundle.mapping
    family = bundle.families[row.get("family_id")]
    opened = checked_day(row, "opened_on")
    closed = parse_day(row.get("closed_on"))
    return {
        "family": family,
        "state": mapping.code("case_states", row.get("state")),
        "state_changed_at": noon(closed or opened),
        "zone": family.zone,
        "family_hub": family.family_hub,
        "lead_agency": mapping.agencies.get(row.get("lead_agency")),
        "lead_practitioner": mapping.workers.get(row.get("lead_worker")),
        "opened_on": opened,
        "closed_on": closed,
        "closure_reason": mapping.code("closure_reasons", row.get("closure_reason")),
        "created_at": noon(opened),
    }


def case_create(values: dict[str, Any]) -> Case:
    """A case with the product's own reference, as an enquiry's case gets one."""
    case = Case.objects.create(**values)
    case.reference = f"{getattr(settings, 'CASE_REFERENCE_PREFIX', 'EH')}{case.pk:06d}"
    case.save(update_fields=["reference"])
    return case


def plan_values(bundle: LegacyBundle, row: Row, case: Case) -> dict[str, Any]:
    status = bundle.mapping.code("plan_statuses", row.get("status"))
    agreed_on = parse_day(row.get("agreed_on"))
    when = noon(agreed_on or case.opened_on)
    return {
        "case": case,
        "status": status,
        "agreed_version": 0 if status == PlanStatus.DRAFT else 1,
        "next_review_on": parse_day(row.get("next_review_on")),
        "children_views": row.get("children_views"),
        "created_by": case.lead_practitioner,
        "created_at": when,
        "updated_at": when,
    }


def plan_version_values(row: Row, plan: FamilyPlan) -> dict[str, Any] | None:
    """The agreed version an agreed plan needs (its snapshot: none was moved in)."""
    agreed_on = parse_day(row.get("agreed_on"))
    if plan.agreed_version == 0 or agreed_on is None:
        return None
    return {
        "plan": plan,
        "number": 1,
        "agreed_on": agreed_on,
        "agreed_at": noon(agreed_on),
        "agreed_by": plan.created_by,
        "summary": "Agreed before the plan moved into this system.",
    }


def outcome_values(row: Row, plan: FamilyPlan, number: int) -> dict[str, Any]:
    return {
        "plan": plan,
        "number": number,
        "wanted": row.get("wanted"),
        "whose_words": row.get("whose_words")[:200],
        "success_looks_like": row.get("success_looks_like"),
        "updated_by": plan.created_by,
        "created_at": plan.created_at,
        "updated_at": plan.created_at,
    }


def action_values(
    bundle: LegacyBundle, row: Row, outcome: PlanOutcome, number: int
) -> dict[str, Any]:
    worker = bundle.mapping.workers.get(row.get("owner_worker"))
    start = checked_day(row, "start_on")
    return {
        "plan": outcome.plan,
        "outcome": outcome,
        "number": number,
        "what": row.get("what"),
        "owner_kind": OwnerKind.WORKER if worker else OwnerKind.AGENCY,
        "owner_user": worker,
        "owner_agency": None if worker else bundle.mapping.agencies.get(row.get("owner_agency")),
        "start_on": start,
        "due_on": parse_day(row.get("due_on")),
        "status": bundle.mapping.code("action_statuses", row.get("status")),
        "completed_on": parse_day(row.get("completed_on")),
        "updated_by": outcome.plan.created_by,
        "created_at": noon(start),
        "updated_at": noon(start),
    }


def meeting_values(bundle: LegacyBundle, row: Row, case: Case) -> dict[str, Any]:
    status = bundle.mapping.code("meeting_statuses", row.get("status"))
    starts, ends = parse_moment(row.get("starts_at")), parse_moment(row.get("ends_at"))
    held = status == MeetingStatus.HELD
    return {
        "case": case,
        "status": status,
        "starts_at": starts,
        "ends_at": ends,
        "location": row.get("location")[:300],
        "minutes": row.get("minutes"),
        "decisions": row.get("decisions"),
        "organiser": case.lead_practitioner,
        "created_at": starts,
        "recorded_at": ends if held else None,
        "recorded_by": case.lead_practitioner if held else None,
    }


def _author(bundle: LegacyBundle, row: Row, column: str, case: Case) -> User:
    author = bundle.mapping.workers.get(row.get(column)) or case.lead_practitioner
    if author is None:  # bundle.py asks for a lead worker
        raise ValueError(f"{column} is blank and the case has no lead practitioner")
    return author


def note_values(bundle: LegacyBundle, row: Row, case: Case) -> dict[str, Any]:
    author = _author(bundle, row, "author_worker", case)
    contact = checked_day(row, "contact_date")
    return {
        "case": case,
        "note_type": bundle.mapping.code("note_types", row.get("note_type")),
        "contact_date": contact,
        "text": row.get("text"),
        "author": author,
        "author_agency": case.lead_agency if author == case.lead_practitioner else None,
        "visibility": NoteVisibility.EVERYONE,
        "created_at": noon(contact),
    }


def assessment_note_values(bundle: LegacyBundle, row: Row, case: Case) -> dict[str, Any]:
    """An assessment that comes as text is kept as a note on the case, dated the day it
    was completed, so the chronology and the case's notes show it."""
    completed = checked_day(row, "completed_on")
    author = _author(bundle, row, "worker", case)
    source = bundle.mapping.source_name or "the previous system"
    return {
        "case": case,
        "note_type": NoteType.OTHER,
        "contact_date": completed,
        "text": f"Assessment completed on {govuk_date(completed)}, moved in from {source}.\n\n"
        + row.get("text"),
        "author": author,
        "author_agency": case.lead_agency if author == case.lead_practitioner else None,
        "visibility": NoteVisibility.EVERYONE,
        "created_at": noon(completed),
    }


def assessment_file_add(bundle: LegacyBundle, row: Row, case: Case) -> Document:
    """Keep an assessment's file on its case through the documents app's upload service:
    the file's content is checked against its name and it is queued for its virus scan,
    like any upload. The case's lead practitioner uploads it.

    The upload service refuses additions to a closed case, to stop a finished record
    being added to. An assessment that moves in was made while the case was open, so the
    service is handed the case as it stood then (open); nothing about the case changes."""
    completed = checked_day(row, "completed_on")
    if case.lead_practitioner is None:  # bundle.py asks for a lead worker
        raise ValueError("the case has no lead practitioner to upload the file")
    as_it_stood = copy.copy(case)
    if as_it_stood.state == State.CLOSED:
        as_it_stood.state = State.PLAN_AND_REVIEW
    path = bundle.file_of(row)
    source = bundle.mapping.source_name or "the previous system"
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    [document] = document_upload(
        actor=case.lead_practitioner,
        case=as_it_stood,
        files=[upload],
        document_type=DocumentType.OTHER,
        document_date=completed,
        description=f"Assessment completed on {govuk_date(completed)}, moved in from {source}",
    )
    return document


def document_replace(bundle: LegacyBundle, row: Row, case: Case, old: Document) -> Document:
    """A newer export's file for the same assessment: the new file is kept, the old erased."""
    document = assessment_file_add(bundle, row, case)
    document_erase(
        actor=case.lead_practitioner, document=old, reason="replaced by a newer export's file"
    )
    return document


MODELS: dict[str, type[Any]] = {
    "legacy_cases": Case,
    "legacy_plans": FamilyPlan,
    "legacy_plan_versions": PlanVersion,
    "legacy_plan_outcomes": PlanOutcome,
    "legacy_actions": PlanAction,
    "legacy_meetings": TafMeeting,
    "legacy_notes": CaseNote,
    "legacy_assessment_notes": CaseNote,
    "legacy_assessment_files": Document,
}

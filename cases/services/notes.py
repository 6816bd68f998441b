# mypy: disallow-untyped-defs
"""Case notes, their visibility, and who may read a restricted note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from cases.access import Action, refuse_if_closed, require, visible_cases
from cases.audit import audit_record
from cases.events import CaseEvent, case_event_record
from cases.models import Case, CaseNote, NoteVisibility, SensitiveCategory
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from partners.models import Agency, User
from partners.selectors import active_memberships

# --------------------------------------------------------------------------- notes


def _author_agency(actor: User, case: Case) -> Agency | None:
    memberships = active_memberships(user=actor)
    for m in memberships:
        if m.agency_id == case.lead_agency_id:
            return m.agency
    return memberships[0].agency if memberships else None


def note_add(
    *,
    actor: User,
    case: Case,
    note_type: str,
    contact_date: dt.date,
    text: str,
    visibility: str | None = None,
    sensitive_category: str = "",
    readers: Sequence[User] = (),
) -> CaseNote:
    """Write a case note. Sensitive categories are restricted unless chosen otherwise.

    On a closed case only a manager who may sign it off can add a note (a closing note:
    a correction, or contact after closure); everyone else is refused with the reason.
    """
    refuse_if_closed(
        actor, Action.ADD_NOTE, case, "only a manager can add a note to it (a closing note)"
    )
    require(actor, Action.ADD_NOTE, case)
    if visibility is None:
        visibility = NoteVisibility.RESTRICTED if sensitive_category else NoteVisibility.EVERYONE
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = ["Enter the note"]
    if contact_date > timezone.localdate():
        errors["contact_date"] = ["Date of contact must be today or in the past"]
    if visibility not in NoteVisibility.values:
        errors["visibility"] = ["Select who can read the note"]
    if sensitive_category not in SensitiveCategory.values:
        errors["sensitive_category"] = ["Select a category"]
    if readers and visibility == NoteVisibility.RESTRICTED:
        from cases.selectors.core import case_workers

        workers = set(case_workers(case=case).values_list("pk", flat=True))
        if any(reader.pk not in workers for reader in readers):
            errors["readers"] = ["Select people who work on this case"]
    if errors:
        raise ApplicationError("Check the note", errors)
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case,
            note_type=note_type,
            contact_date=contact_date,
            text=text.strip(),
            author=actor,
            author_agency=_author_agency(actor, case),
            visibility=visibility,
            sensitive_category=sensitive_category,
        )
        if visibility == NoteVisibility.RESTRICTED:
            for reader in {*readers, actor}:
                assign_perm("cases.view_casenote", reader, note)
        case_event_record(
            event=CaseEvent.NOTE_RECORDED,
            case=case,
            actor=actor,
            obj=note,
            title=f"{note.get_note_type_display()} recorded",
            description=text.strip()[:300],
            note=note,
            at=timezone.make_aware(dt.datetime.combine(contact_date, dt.time(12)))
            if contact_date != timezone.localdate()
            else None,
            detail={"visibility": visibility},
        )
    return note


def note_reader_add(*, actor: User, note: CaseNote, reader: User) -> None:
    """Name one more person who may read a restricted note (its author or a manager).

    The reader must work on the case (its lead practitioner or a named member of its
    Team Around the Family) and be able to see it: a restricted note is never opened to
    someone outside the case, whoever asks.
    """
    if note.author_id != actor.pk:
        require(actor, Action.SIGN_OFF, note.case)
    from cases.selectors.core import case_workers

    works_on_case = case_workers(case=note.case).filter(pk=reader.pk).exists()
    if not works_on_case or not visible_cases(reader).filter(pk=note.case_id).exists():
        raise ApplicationError(
            "Check who may read the note", {"reader": ["Select someone who works on this case"]}
        )
    with transaction.atomic():
        assign_perm("cases.view_casenote", reader, note)
        audit_record(
            actor=actor,
            action=AuditAction.GRANT,
            obj=note,
            case=note.case,
            detail={"reader": reader.email},
        )

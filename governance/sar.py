"""Subject access requests: record, gather, flag third parties, redact, release.

Gathering is done as the council, not as any member of staff: unlike the case audit
PDF (which shows what its exporter may see), it reads every row the person's record
holds (governance/holdings.py), restricted notes included, because the person is
entitled to all of it. What they are not entitled to — other people's information —
is flagged for the officer, who redacts line by line before release.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cases.audit import audit_record
from cases.models import AuditEntry, HouseholdMember, Person, PersonIdentifier
from cases.models.audit import AuditAction
from earlyhelp import outbox
from earlyhelp.errors import ApplicationError
from governance.holdings import Holdings, person_holdings
from governance.models import SarRedaction, SarStatus, SubjectAccessRequest
from governance.pdf import render_pdf
from governance.permissions import require_officer

logger = logging.getLogger(__name__)

# Fields that say nothing about the person (row bookkeeping).
UNSHOWN_FIELDS = {"version", "public_id"}
FIRST_MODELS = ["cases.Person", "cases.PersonIdentifier", "cases.Family", "cases.HouseholdMember"]
WITHHELD = "[withheld]"


def one_calendar_month_after(day: dt.date) -> dt.date:
    """The due date of a subject access request: the same day next month, or the last day
    of next month when it has no such day (ICO guidance: 31 January -> 28 February)."""
    import calendar

    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sar_record(
    *,
    actor: Any,
    person: Person,
    requester_name: str,
    requester_relationship: str = "",
    identity_checked: bool,
    identity_evidence: str = "",
    received_on: dt.date,
) -> SubjectAccessRequest:
    require_officer(actor)
    if received_on > timezone.localdate():
        raise ApplicationError("The date received must be today or in the past")
    with transaction.atomic():
        sar = SubjectAccessRequest.objects.create(
            person=person,
            requester_name=requester_name,
            requester_relationship=requester_relationship,
            identity_checked=identity_checked,
            identity_evidence=identity_evidence,
            received_on=received_on,
            due_on=one_calendar_month_after(received_on),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=sar,
            reason="subject access request recorded",
            detail={"person_id": person.pk, "due_on": sar.due_on.isoformat()},
        )
    return sar


# The task by name: it is queued through the outbox, so this module needs no import of it.
GATHER_TASK = "governance.tasks.gather_subject_access"


def _enqueue(sar_id: int) -> None:
    """Queue the gathering through the outbox: written in the caller's transaction, sent
    after commit, and drained later if the broker is down, so nothing is lost."""
    outbox.enqueue(GATHER_TASK, sar_id)


def sar_export_start(*, actor: Any, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """Ask for the export; a worker gathers it (`sar_gather`) and the page shows progress."""
    require_officer(actor)
    if sar.status == SarStatus.RELEASED:
        raise ApplicationError("This request has been released: record a new one")
    with transaction.atomic():
        sar.status = SarStatus.GATHERING
        sar.progress = 0
        sar.message = "Waiting to start"
        sar.save(update_fields=["status", "progress", "message"])
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=sar,
            reason="subject access export asked for",
        )
        _enqueue(sar.pk)
    return sar


def _progress(sar_id: int, progress: int, message: str) -> None:
    SubjectAccessRequest.objects.filter(pk=sar_id).update(progress=progress, message=message)


def _value(row: models.Model, field: models.Field[Any, Any]) -> str:
    if field.is_relation:
        related = getattr(row, field.name, None)
        return "" if related is None else str(related)
    if field.choices:
        return str(getattr(row, f"get_{field.name}_display")())
    value = getattr(row, field.attname)
    if value is None or value == "" or value == {} or value == []:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d %B %Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d %B %Y")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _third_party_patterns(holdings: Holdings, subject: Person) -> list[re.Pattern[str]]:
    """Names and identifiers of everyone else in the record, as whole-word patterns."""
    family_ids = [f.pk for f in holdings.families]
    others = (
        Person.objects.filter(households__family_id__in=family_ids)
        .exclude(pk=subject.pk)
        .distinct()
    )
    own = {subject.family_name.lower(), *subject.given_names.lower().split()}
    words: set[str] = set()
    for other in others:
        words.add(other.full_name)
        for word in [*other.given_names.split(), other.family_name, other.preferred_name]:
            if len(word) >= 3 and word.lower() not in own:
                words.add(word)
    words |= set(PersonIdentifier.objects.filter(person__in=others).values_list("value", flat=True))
    return [re.compile(rf"\b{re.escape(w)}\b", re.IGNORECASE) for w in words if w.strip()]


def _model_order(model: type[models.Model]) -> tuple[int, str]:
    label = model._meta.label
    return (FIRST_MODELS.index(label) if label in FIRST_MODELS else len(FIRST_MODELS), label)


def gather(person: Person, progress: Any = None) -> dict[str, Any]:
    """Everything held about the person, as sections of records of lines."""
    holdings = person_holdings(person)
    patterns = _third_party_patterns(holdings, person)
    models_found = sorted(holdings.rows, key=_model_order)
    sections = []
    flagged = 0
    for index, model in enumerate(models_found):
        if progress:
            progress(
                10 + int(80 * index / max(len(models_found), 1)),
                f"Gathering {model._meta.verbose_name_plural}",
            )
        records = []
        for row in holdings.rows[model]:
            lines = []
            for field in row._meta.concrete_fields:
                if field.primary_key or field.name in UNSHOWN_FIELDS:
                    continue
                value = _value(row, field)
                if not value:
                    continue
                third_party = any(p.search(value) for p in patterns) if row != person else False
                flagged += third_party
                lines.append(
                    {
                        "id": f"{model._meta.label_lower}.{row.pk}.{field.name}",
                        "field": field.name,
                        "label": str(field.verbose_name).capitalize(),
                        "value": value,
                        "third_party": third_party,
                    }
                )
            records.append({"id": f"{model._meta.label_lower}.{row.pk}", "lines": lines})
        sections.append(
            {
                "key": model._meta.label_lower,
                "title": str(model._meta.verbose_name_plural).capitalize(),
                "records": records,
            }
        )
    viewers = [
        {
            "at": timezone.localtime(e.at).strftime("%d %B %Y %H:%M"),
            "who": e.user_label,
            "agency": e.agency_label,
            "what": e.get_action_display(),
            "case_id": e.case_id,
        }
        for e in AuditEntry.objects.filter(
            case_id__in=[c.pk for c in holdings.cases],
            action__in=[AuditAction.VIEW, AuditAction.EXPORT, AuditAction.DOWNLOAD],
        ).order_by("id")
    ]
    households = HouseholdMember.objects.filter(person=person).count()
    return {
        "person_id": person.pk,
        "generated_at": timezone.now().isoformat(),
        "summary": {
            "households": households,
            "families": len(holdings.families),
            "cases": len(holdings.cases),
            "flagged": flagged,
        },
        "sections": sections,
        "viewers": viewers,
    }


def sar_gather(*, sar_id: int) -> SubjectAccessRequest | None:
    """The worker's part: gather the export (idempotent: a finished one is left alone)."""
    sar = SubjectAccessRequest.objects.select_related("person").filter(pk=sar_id).first()
    if sar is None or sar.status != SarStatus.GATHERING:
        return sar
    _progress(sar.pk, 5, "Finding the person's records")
    try:
        gathered = gather(sar.person, lambda p, m: _progress(sar.pk, p, m))
    except Exception:
        logger.exception("subject access export %s failed", sar.pk)
        SubjectAccessRequest.objects.filter(pk=sar.pk).update(
            status=SarStatus.FAILED, message="The export could not be produced. Try again."
        )
        return SubjectAccessRequest.objects.get(pk=sar.pk)
    with transaction.atomic():
        sar = SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)
        sar.gathered = gathered
        sar.status = SarStatus.REVIEW
        sar.progress = 100
        sar.message = "Ready for review"
        sar.save(update_fields=["gathered", "status", "progress", "message"])
        audit_record(
            actor=None,
            action=AuditAction.EXPORT,
            obj=sar,
            reason="subject access export produced",
            detail={**gathered["summary"]},
        )
    return sar


def _line_ids(sar: SubjectAccessRequest) -> set[str]:
    return {
        line["id"]
        for section in sar.gathered.get("sections", [])
        for record in section["records"]
        for line in record["lines"]
    }


def sar_redactions_set(
    *, actor: Any, sar: SubjectAccessRequest, line_ids: list[str], reason: str = ""
) -> int:
    """Mark exactly these lines redacted (unmarking the others). Returns how many are."""
    require_officer(actor)
    if sar.status != SarStatus.REVIEW:
        raise ApplicationError("Redactions can be changed only while the export is in review")
    known = _line_ids(sar)
    wanted = set(line_ids) & known
    with transaction.atomic():
        SarRedaction.objects.filter(request=sar).exclude(line_id__in=wanted).delete()
        existing = set(SarRedaction.objects.filter(request=sar).values_list("line_id", flat=True))
        SarRedaction.objects.bulk_create(
            SarRedaction(request=sar, line_id=line, reason=reason, marked_by=actor)
            for line in sorted(wanted - existing)
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=sar,
            reason="subject access redactions set",
            detail={"redacted": len(wanted)},
        )
    return len(wanted)


def _copies_of(value: str, marked: list[str]) -> bool:
    """Is this line a copy of a redacted text? The chronology repeats a note's words (in
    full or cut short), so a redaction covers every copy of the same text in the export."""
    cut = value.rstrip(".… ")
    return any(text in value or (len(cut) >= 20 and text.startswith(cut)) for text in marked)


def redacted_view(gathered: dict[str, Any], redacted: set[str]) -> dict[str, Any]:
    """The export as released: each redacted line keeps its place but not its value."""
    marked = [
        line["value"]
        for section in gathered.get("sections", [])
        for record in section["records"]
        for line in record["lines"]
        if line["id"] in redacted and len(line["value"]) >= 20
    ]
    sections = []
    for section in gathered.get("sections", []):
        records = []
        for record in section["records"]:
            lines = []
            for line in record["lines"]:
                if line["id"] in redacted or _copies_of(line["value"], marked):
                    lines.append(
                        {**line, "value": None, "redacted": True, "length": len(line["value"])}
                    )
                else:
                    lines.append({**line, "redacted": False})
            records.append({**record, "lines": lines})
        sections.append({**section, "records": records})
    return {**gathered, "sections": sections}


def _json_field(line: dict[str, Any], flags: bool) -> dict[str, Any]:
    field = {"field": line["field"], "label": line["label"]}
    if line["redacted"]:
        return {**field, "redacted": True}
    field["value"] = line["value"]
    if flags:
        field["third_party"] = line["third_party"]
    return field


def release_json(view: dict[str, Any], *, flags: bool = False) -> dict[str, Any]:
    """The machine-readable copy: redacted values are left out altogether. `flags` keeps
    the third-party flags, for an officer's working copy (never for release)."""
    sections = [
        {
            "key": s["key"],
            "title": s["title"],
            "records": [
                {
                    "id": r["id"],
                    "fields": [_json_field(line, flags) for line in r["lines"]],
                }
                for r in s["records"]
            ],
        }
        for s in view.get("sections", [])
    ]
    return {
        "person_id": view.get("person_id"),
        "generated_at": view.get("generated_at"),
        "summary": view.get("summary", {}),
        "sections": sections,
        "case_access": view.get("viewers", []),
    }


def write_export(
    gathered: dict[str, Any],
    folder: Path,
    *,
    title: str,
    requester: str = "",
    redacted: set[str] | None = None,
    flags: bool = False,
) -> list[Path]:
    """Write sar.json and sar.pdf of an export into `folder`, honouring redactions:
    black boxes in the PDF, values left out of the JSON."""
    view = redacted_view(gathered, redacted or set())
    data = json.dumps(release_json(view, flags=flags), indent=2, ensure_ascii=False).encode()
    html = render_to_string(
        "governance/sar_pdf.html", {"title": title, "requester": requester, "view": view}
    )
    written = []
    for name, content in (("sar.json", data), ("sar.pdf", render_pdf(html))):
        path = folder / name
        path.write_bytes(content)
        path.chmod(0o600)
        written.append(path)
    return written


def _release_dir(sar: SubjectAccessRequest) -> Path:
    path = Path(settings.PRIVATE_STORAGE_ROOT) / "sar" / str(sar.public_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def sar_release(*, actor: Any, sar: SubjectAccessRequest) -> Path:
    """Write the released files and close the request."""
    require_officer(actor)
    if sar.status != SarStatus.REVIEW:
        raise ApplicationError("Produce the export before releasing it")
    redacted = set(sar.redactions.values_list("line_id", flat=True))
    folder = _release_dir(sar)
    written = write_export(
        sar.gathered,
        folder,
        title=f"subject access request {sar.pk}",
        requester=sar.requester_name,
        redacted=redacted,
    )
    with transaction.atomic():
        sar.status = SarStatus.RELEASED
        sar.released_at = timezone.now()
        sar.released_by = actor
        sar.save(update_fields=["status", "released_at", "released_by"])
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=sar,
            reason="subject access export released",
            detail={"redacted": len(redacted), "bytes": sum(p.stat().st_size for p in written)},
        )
    return folder


def sar_file(*, actor: Any, sar: SubjectAccessRequest, name: str) -> Path:
    """A released file for the officer to send on; each download is audited."""
    require_officer(actor)
    if name not in ("sar.json", "sar.pdf") or sar.status != SarStatus.RELEASED:
        raise ApplicationError("This file is not available")
    path = _release_dir(sar) / name
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.DOWNLOAD, obj=sar, reason=f"downloaded {name}")
    return path


def discard_files(sar: SubjectAccessRequest) -> None:
    """Remove a request's gathered export and released files (retention, or a redo)."""
    import shutil

    SubjectAccessRequest.objects.filter(pk=sar.pk).update(gathered={})
    folder = Path(settings.PRIVATE_STORAGE_ROOT) / "sar" / str(sar.public_id)
    shutil.rmtree(folder, ignore_errors=True)

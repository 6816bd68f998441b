"""Every write to documents: upload, the scanner's verdict, and a download (which writes
its audit entry). Keyword-only functions that take the acting user, check the policy,
change data in one transaction and leave the audit entry and the chronology line in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from guardian.shortcuts import assign_perm

from cases.access import Action, refuse_if_closed, require
from cases.audit import audit_record, audit_refusal
from cases.events import case_event_record
from cases.models import Case, NoteVisibility
from cases.models.audit import AuditAction
from documents import content_types
from documents.events import DocumentEvent
from documents.models import Document, DocumentType, ScanState
from documents.scanning import configured_scanner
from documents.selectors import attachable, chronology_url
from documents.storage import document_storage, new_stored_name, quarantined_name
from earlyhelp import outbox
from earlyhelp.errors import ApplicationError
from partners.models import Agency, User
from partners.selectors import active_memberships

SCAN_TASK = "documents.tasks.document_scan"


def max_upload_bytes() -> int:
    return int(settings.DOCUMENT_MAX_UPLOAD_MB) * 1024 * 1024


def _uploader_agency(actor: User, case: Case) -> Agency | None:
    """The agency the uploader works for on this case: the lead agency if theirs."""
    memberships = active_memberships(user=actor)
    for m in memberships:
        if m.agency_id == case.lead_agency_id:
            return m.agency
    return memberships[0].agency if memberships else None


def _file_errors(files: Sequence[UploadedFile]) -> tuple[list[str], list[str]]:
    """Check every file before any is kept: (errors, content type of each file)."""
    errors: list[str] = []
    found: list[str] = []
    limit_mb = int(settings.DOCUMENT_MAX_UPLOAD_MB)
    if not files:
        return ["Select a file to upload"], found
    if len(files) > settings.DOCUMENT_MAX_FILES:
        return [f"Select {settings.DOCUMENT_MAX_FILES} files or fewer"], found
    for upload in files:
        name = upload.name or "The file"
        if not upload.size:
            errors.append(f"{name} is empty")
            found.append("")
            continue
        if upload.size > max_upload_bytes():
            errors.append(
                f"{name} is larger than {limit_mb} MB. Upload a file of {limit_mb} MB or less"
            )
            found.append("")
            continue
        upload.seek(0)
        head = upload.read(content_types.SNIFF_BYTES)
        upload.seek(0)
        verdict = content_types.check(name=name, head=head)
        found.append(verdict.content_type)
        if not verdict.allowed:
            errors.append(verdict.error)
    return errors, found


def _store(upload: UploadedFile) -> tuple[str, str]:
    """Write the bytes under a generated name: (stored name, SHA-256)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stored = document_storage().save(new_stored_name(), File(upload))
    return stored, digest.hexdigest()


def document_upload(
    *,
    actor: User,
    case: Case,
    files: Sequence[UploadedFile],
    document_type: str,
    document_date: dt.date,
    description: str = "",
    visibility: str = NoteVisibility.EVERYONE,
    readers: Sequence[User] = (),
    about: str = "",
) -> list[Document]:
    """Keep one or more files on a case, all or none, each queued for its virus scan.

    Those who may add notes may add documents, with the same visibility levels; on a
    closed case nobody may. Every file is checked (size, content against extension)
    before any is kept, so one bad file refuses the upload with its reason.
    """
    refuse_if_closed(actor, Action.ADD_NOTE, case, "documents can no longer be added")
    require(actor, Action.ADD_NOTE, case)
    errors: dict[str, list[str]] = {}
    file_errors, found_types = _file_errors(files)
    if file_errors:
        errors["files"] = file_errors
    if document_type not in DocumentType.values:
        errors["document_type"] = ["Select what the document is"]
    if document_date > timezone.localdate():
        errors["document_date"] = ["The date of the document must be today or in the past"]
    if visibility not in NoteVisibility.values:
        errors["visibility"] = ["Select who can see the document"]
    if len(description) > 500:
        errors["description"] = ["Description must be 500 characters or fewer"]
    target = attachable(case=case).get(about) if about else None
    if about and target is None:
        errors["about"] = ["Select what on the case the document is about"]
    if errors:
        raise ApplicationError("Check the documents", errors)

    scanner = configured_scanner()
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            documents = []
            for upload, content_type in zip(files, found_types, strict=True):
                stored, sha256 = _store(upload)
                stored_names.append(stored)
                document = Document.objects.create(
                    case=case,
                    document_type=document_type,
                    document_date=document_date,
                    description=description.strip(),
                    visibility=visibility,
                    original_name=(upload.name or "document")[:255],
                    stored_name=stored,
                    content_type=content_type,
                    size=upload.size or 0,
                    sha256=sha256,
                    scan_state=ScanState.PENDING if scanner else ScanState.UNSCANNED,
                    uploaded_by=actor,
                    uploaded_by_agency=_uploader_agency(actor, case),
                    **({target[0]: target[1]} if target else {}),
                )
                if visibility == NoteVisibility.RESTRICTED:
                    for reader in {*readers, actor}:
                        assign_perm("documents.view_document", reader, document)
                case_event_record(
                    event=DocumentEvent.DOCUMENT_ADDED,
                    case=case,
                    actor=actor,
                    url=chronology_url(document),
                    title=f"{document.get_document_type_display()} added",
                    description=(description.strip() or document.original_name)[:300],
                    obj=document,
                    detail={
                        "document_type": document_type,
                        "content_type": content_type,
                        "size": document.size,
                        "sha256": sha256,
                        "visibility": visibility,
                    },
                )
                if scanner:
                    outbox.enqueue(SCAN_TASK, document.pk)
                documents.append(document)
    except Exception:
        for stored in stored_names:  # nothing kept for an upload that was refused
            document_storage().delete(stored)
        raise
    return documents


def document_scan(*, document_id: int) -> Document | None:
    """The scanner's verdict on one document; the body of the scan task.

    Idempotent: a document already scanned is left as it is. Infected files move to
    quarantine (never served; kept for the security team to examine); the uploader's
    upload stays on the record with its state, so nobody wonders where it went. When
    the scanner cannot answer, ScannerUnavailable propagates and the task retries."""
    scanner = configured_scanner()
    with transaction.atomic():
        # The document's row alone: holding the case row too (select_related joins it)
        # deadlocked with an upload on the case, which takes the audit lock and then,
        # as it commits, a key-share lock on the case row.
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.scan_state != ScanState.PENDING:
            return document
        if scanner is None:  # the scanner was switched off after the upload
            document.scan_state = ScanState.UNSCANNED
            document.save(update_fields=["scan_state"])
            return document
        storage = document_storage()
        with storage.open(document.stored_name, "rb") as stream:
            result = scanner.scan(_chunks(stream))
        document.scanned_at = timezone.now()
        if result.infected:
            quarantine = quarantined_name(document.stored_name)
            with storage.open(document.stored_name, "rb") as stream:
                quarantine = storage.save(quarantine, File(stream))
            storage.delete(document.stored_name)
            document.stored_name = quarantine
            document.scan_state = ScanState.INFECTED
            document.scan_result = result.signature
        else:
            document.scan_state = ScanState.CLEAN
            document.scan_result = ""
        document.save(update_fields=["stored_name", "scan_state", "scan_result", "scanned_at"])
        verdict = {
            "scanner": scanner.name,
            "scan_state": document.scan_state,
            "signature": result.signature,
        }
        if result.infected:  # on the chronology as well as the audit log
            case_event_record(
                event=DocumentEvent.DOCUMENT_QUARANTINED,
                case=document.case,
                actor=None,
                url=chronology_url(document),
                title="Document quarantined: a virus was found",
                description=document.original_name[:300],
                obj=document,
                reason="virus scan",
                detail=verdict,
            )
        else:
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=document,
                case=document.case,
                reason="virus scan",
                detail=verdict,
            )
    return document


def _chunks(stream: IO[bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    while chunk := stream.read(size):
        yield chunk


def downloadable(document: Document) -> tuple[bool, str]:
    """May this document's bytes be served at all (to someone who may see it)?"""
    if document.scan_state == ScanState.INFECTED:
        return (
            False,
            "This file contained a virus. It has been quarantined and cannot be downloaded",
        )
    if document.scan_state == ScanState.PENDING:
        return False, "This file is still being checked for viruses. Try again in a minute"
    if document.scan_state == ScanState.UNSCANNED and not settings.DOCUMENT_ALLOW_UNSCANNED:
        return False, "This file has not been checked for viruses, so it cannot be downloaded"
    return True, ""


def document_download(*, actor: Any, document: Document) -> IO[bytes]:
    """Open a document's bytes for someone the selector has already let see it.

    Refused (ApplicationError) while its scan is pending, when it is infected, and when
    unscanned unless DOCUMENT_ALLOW_UNSCANNED. Every download is an audit entry, written
    before a byte is sent."""
    allowed, reason = downloadable(document)
    if not allowed:
        audit_refusal(
            actor=actor,
            reason=f"document download while {document.scan_state}",
            case_id=document.case_id,
            detail={"document_id": document.pk},
        )
        raise ApplicationError(reason, {"document": [reason]})
    stream = document_storage().open(document.stored_name, "rb")
    audit_record(
        actor=actor,
        action=AuditAction.DOWNLOAD,
        obj=document,
        case=document.case,
        detail={"name": document.original_name, "sha256": document.sha256},
    )
    return stream


def document_erase(*, actor: Any, document: Document, reason: str) -> None:
    """Delete a document's bytes and its record, for the retention schedule or an erasure.

    The registration point for data protection's work (with
    `selectors.documents_of_person` / `documents_of_case`): a case cannot be deleted while
    it has documents (the foreign key protects it), so retention erases them through here
    first and no file is left behind in storage. Audited with the file's hash, never its
    name's contents beyond the record's id."""
    if not reason.strip():
        raise ApplicationError(
            "Give the reason for erasing the document", {"reason": ["Enter the reason"]}
        )
    with transaction.atomic():
        case = document.case
        stored = document.stored_name
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=document,
            case=case,
            reason=f"document erased: {reason.strip()}",
            detail={"sha256": document.sha256, "scan_state": document.scan_state},
        )
        document.delete()
        transaction.on_commit(lambda: document_storage().delete(stored))

"""Requesting, running, downloading and expiring exports.

A request writes the job and its audit entry in one transaction and hands the job to
Celery after commit; if the broker is down, the periodic sweep hands it over later.
The task is idempotent: a job that is done (or being done by another worker) is left
alone. The file is written under PRIVATE_STORAGE_ROOT and only its requester may
download it, each download audited.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from cases.access import visible_cases
from cases.audit import audit_record, audit_refusal
from cases.models import Case
from cases.models.audit import AuditAction
from earlyhelp import leases, outbox
from reporting.exports import registry
from reporting.models import ExportJob, ExportStatus

logger = logging.getLogger(__name__)

# The task that runs one job, named (not imported) so the tasks module can import this one.
RUN_EXPORT = "reporting.tasks.run_export"

LEASE = "export"


def _retention() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "EXPORT_RETENTION_HOURS", 24))


def _storage_dir() -> Path:
    path = Path(settings.PRIVATE_STORAGE_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _enqueue(job_id: int) -> None:
    """Hand the job to a worker through the outbox: written in the caller's transaction,
    published after it commits, and drained later if the broker is down, so an outage
    never fails or stalls the request and the job is never lost."""
    outbox.enqueue(RUN_EXPORT, job_id)


def export_request(
    *, actor: Any, kind: str, case: Case | None = None, params: dict[str, Any] | None = None
) -> ExportJob:
    """Ask for an export. The caller has already checked the user may see `case`."""
    params = params or {}
    export_kind = registry.get(kind)
    if not export_kind.allowed(actor, case, params):
        if case is not None:
            audit_refusal(actor=actor, reason=f"export '{kind}' not allowed", case_id=case.pk)
        raise PermissionDenied("You cannot export this")
    with transaction.atomic():
        job = ExportJob.objects.create(
            kind=kind,
            title=export_kind.title(case, params),
            requested_by=actor,
            case=case,
            params=params,
        )
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=job,
            case=case,
            reason="export requested",
            detail={"kind": kind, "params": params},
        )
        _enqueue(job.pk)
    return job


def _set_progress(job_id: int, progress: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(progress=min(progress, 99), message=message)


def export_run(*, job_id: int) -> ExportJob | None:
    """Produce the file of one job (idempotent; safe to run twice or after a crash)."""
    with transaction.atomic():
        job = (
            ExportJob.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("requested_by", "case")
            .filter(pk=job_id)
            .first()
        )
        if job is None:
            return None  # another worker holds it, or it is gone
        if job.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING):
            return job
        # A running job whose worker is alive holds its lease; one whose worker died
        # (killed, the machine lost) does not, and is taken over (earlyhelp/leases.py).
        if not leases.take(LEASE, job.pk):
            return job
        job.status = ExportStatus.RUNNING
        job.started_at = timezone.now()
        job.progress = 1
        job.save(update_fields=["status", "started_at", "progress"])
    kind = registry.get(job.kind)
    job_id = job.pk
    try:
        produced = kind.produce(
            job.requested_by, job.case, job.params, lambda p, m: _set_progress(job_id, p, m)
        )
    except Exception as exc:
        logger.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            message=f"The export could not be produced ({type(exc).__name__}). Try again.",
        )
        job.refresh_from_db()
        _release(job.pk)
        return job
    path = _storage_dir() / f"{job.public_id}{Path(produced.file_name).suffix}"
    path.write_bytes(produced.content)
    path.chmod(0o600)
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        job.status = ExportStatus.DONE
        job.progress = 100
        job.message = produced.summary[:300]
        job.file_name = produced.file_name
        job.file_path = str(path.relative_to(Path(settings.PRIVATE_STORAGE_ROOT)))
        job.content_type = produced.content_type
        job.size = len(produced.content)
        job.pages = produced.pages
        job.finished_at = timezone.now()
        job.expires_at = job.finished_at + _retention()
        job.save()
        audit_record(
            actor=job.requested_by,
            action=AuditAction.EXPORT,
            obj=job,
            case=job.case,
            reason="export produced",
            detail={
                "kind": job.kind,
                "pages": produced.pages,
                "bytes": job.size,
                **({"summary": produced.summary} if produced.summary else {}),
            },
        )
    _release(job.pk)
    return job


def _release(job_id: int) -> None:
    with contextlib.suppress(Exception):  # a lost connection has dropped it already
        leases.release(LEASE, job_id)


def export_for_requester(*, user: Any, public_id: Any) -> ExportJob:
    """The requester's own job; 404 for anyone else's (its existence is not revealed)."""
    job = (
        ExportJob.objects.select_related("case")
        .filter(public_id=public_id, requested_by_id=getattr(user, "pk", None))
        .first()
    )
    if job is None:
        raise Http404("No such export")
    return job


def export_download(*, actor: Any, job: ExportJob) -> Path:
    """Open the file for its requester while it has not expired; the download is audited.

    Access is checked again now, not only when the export was asked for: a requester
    who has since lost the case (left the team, a share or grant ended, a role ended)
    or the right to this kind of export is refused, and the refusal is recorded. A case
    they can no longer see answers 404, as `access_case` would; one they still see but
    may no longer export answers 403.
    """
    if job.requested_by_id != actor.pk:
        raise Http404("No such export")
    if not registry.get(job.kind).allowed(actor, job.case, dict(job.params or {})):
        audit_refusal(
            actor=actor,
            reason=f"download of export '{job.kind}' no longer allowed",
            case_id=job.case_id,
            detail={"export": str(job.public_id), "kind": job.kind},
        )
        if job.case_id is not None and not visible_cases(actor).filter(pk=job.case_id).exists():
            raise Http404("No such export")
        raise PermissionDenied("You can no longer download this export")
    if job.status != ExportStatus.DONE or (job.expires_at and job.expires_at <= timezone.now()):
        raise Http404("This export has expired")
    path = Path(settings.PRIVATE_STORAGE_ROOT) / job.file_path
    if not path.is_file():
        raise Http404("This export has expired")
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(downloads=job.downloads + 1)
        audit_record(
            actor=actor,
            action=AuditAction.DOWNLOAD,
            obj=job,
            case=job.case,
            detail={"kind": job.kind, "file": job.file_name},
        )
    return path


def exports_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of expired exports (run hourly). Returns how many expired."""
    now = now or timezone.now()
    expired = list(ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=now))
    for job in expired:
        (Path(settings.PRIVATE_STORAGE_ROOT) / job.file_path).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.EXPIRED, file_path="")
    return len(expired)


def exports_sweep(*, now: dt.datetime | None = None) -> int:
    """Hand over jobs still waiting (the broker was down) or orphaned (their worker died:
    nobody holds their lease, however recently they started)."""
    now = now or timezone.now()
    waiting = ExportJob.objects.filter(
        status=ExportStatus.QUEUED, created_at__lte=now - dt.timedelta(seconds=30)
    )
    running = ExportJob.objects.filter(status=ExportStatus.RUNNING).values_list("pk", flat=True)
    stuck = [job_id for job_id in running if leases.abandoned(LEASE, job_id)]
    ids = list(waiting.values_list("pk", flat=True)) + stuck
    for job_id in ids:
        with transaction.atomic():
            _enqueue(job_id)
    return len(ids)

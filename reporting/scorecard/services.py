# mypy: disallow-untyped-defs
"""Rebuilding the scorecard's snapshots: nightly, from the command line, or asked for
from the dashboard by a manager or administrator (run in the background)."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases.audit import audit_record
from cases.models.audit import AuditAction
from earlyhelp import leases, outbox
from earlyhelp.errors import ApplicationError
from partners.roles import Role
from partners.selectors import user_has_any_role
from reporting.models import RollupRun, RollupStatus
from reporting.scorecard.engine import default_range, rollup
from reporting.scorecard.periods import add_months

logger = logging.getLogger(__name__)

LEASE = "scorecard-rollup"
# The task that runs one rebuild, named (not imported) so the tasks module can import this one.
RUN_SCORECARD_ROLLUP = "reporting.tasks.run_scorecard_rollup"

REBUILDERS = frozenset({Role.MANAGER, Role.SYSTEM_ADMIN})
MAX_MONTHS = 60


def _check_range(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    first, last = first.replace(day=1), last.replace(day=1)
    if last < first:
        raise ApplicationError(
            "The last month must be the same as or after the first month",
            {"to_month": ["The last month must be the same as or after the first month"]},
        )
    if add_months(first, MAX_MONTHS) <= last:
        raise ApplicationError(
            f"Rebuild at most {MAX_MONTHS} months at a time",
            {"from_month": [f"Rebuild at most {MAX_MONTHS} months at a time"]},
        )
    if first > timezone.localdate():
        raise ApplicationError(
            "The first month must not be in the future",
            {"from_month": ["The first month must not be in the future"]},
        )
    return first, last


def _enqueue(run_id: int) -> None:
    """Hand the rebuild to a worker through the outbox (in the caller's transaction,
    published after commit, drained later if the broker is down)."""
    outbox.enqueue(RUN_SCORECARD_ROLLUP, run_id)


def rollup_request(*, actor: Any, first: dt.date, last: dt.date) -> RollupRun:
    """Ask for the months first..last to be rebuilt in the background."""
    if not user_has_any_role(user=actor, roles=REBUILDERS):
        raise PermissionDenied("Only managers and administrators can rebuild the scorecard")
    first, last = _check_range(first, last)
    with transaction.atomic():
        run = RollupRun.objects.create(
            from_month=first, to_month=last, requested_by=actor, source="dashboard"
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=run,
            reason="scorecard rebuild requested",
            detail={"from": f"{first:%Y-%m}", "to": f"{last:%Y-%m}"},
        )
        _enqueue(run.pk)
    return run


def rollup_run(*, run_id: int) -> RollupRun | None:
    """Run one queued rebuild (idempotent: a run done, or under way in a live worker, is
    left alone; one whose worker died is taken over, see earlyhelp/leases.py)."""
    with transaction.atomic():
        run = (
            RollupRun.objects.select_for_update(skip_locked=True)
            .filter(pk=run_id, status__in=[RollupStatus.QUEUED, RollupStatus.RUNNING])
            .first()
        )
        if run is None or not leases.take(LEASE, run.pk):
            return RollupRun.objects.filter(pk=run_id).first()
        if run.status == RollupStatus.RUNNING:
            logger.warning("scorecard rebuild %s: its worker died; running it again", run.pk)
        run.status = RollupStatus.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
    try:
        rows = rollup(first=run.from_month, last=run.to_month)
    except Exception as exc:
        logger.exception("scorecard rebuild %s failed", run.pk)
        RollupRun.objects.filter(pk=run.pk).update(
            status=RollupStatus.FAILED,
            finished_at=timezone.now(),
            message=f"The rebuild failed ({type(exc).__name__}). Try again.",
        )
    else:
        RollupRun.objects.filter(pk=run.pk).update(
            status=RollupStatus.DONE, finished_at=timezone.now(), rows=rows
        )
    finally:
        with contextlib.suppress(Exception):  # a lost connection has dropped it already
            leases.release(LEASE, run.pk)
    run.refresh_from_db()
    return run


def rollup_now(
    *, first: dt.date | None = None, last: dt.date | None = None, source: str = "nightly"
) -> RollupRun:
    """Rebuild now, in this process (the nightly task and the command)."""
    if first is None or last is None:
        first, last = default_range()
    first, last = _check_range(first, last)
    run = RollupRun.objects.create(from_month=first, to_month=last, source=source)
    finished = rollup_run(run_id=run.pk)
    assert finished is not None  # noqa: S101 - created just above
    return finished


def rollups_sweep(*, now: dt.datetime | None = None) -> int:
    """Hand over rebuilds still waiting (the broker was down when they were asked for) and
    rebuilds whose worker died half-way (nobody holds their lease)."""
    now = now or timezone.now()
    waiting = list(
        RollupRun.objects.filter(
            status=RollupStatus.QUEUED, created_at__lte=now - dt.timedelta(seconds=30)
        ).values_list("pk", flat=True)
    )
    running = RollupRun.objects.filter(status=RollupStatus.RUNNING).values_list("pk", flat=True)
    waiting += [run_id for run_id in running if leases.abandoned(LEASE, run_id)]
    for run_id in waiting:
        with transaction.atomic():
            _enqueue(run_id)
    return len(waiting)

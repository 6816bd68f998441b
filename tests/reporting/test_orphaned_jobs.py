"""A rollup or export whose worker died half-way (SIGKILL: nothing marks it failed) is
found by the sweep and run again; one whose worker is alive is left alone
(earlyhelp/leases.py)."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from earlyhelp import leases
from partners.roles import Role
from reporting.exports import services as exports
from reporting.models import ExportJob, ExportStatus, RollupRun, RollupStatus
from reporting.scorecard import services as rollups
from tests.cases.factories import CaseFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


def other_connection() -> psycopg.Connection:
    """A second session, as a live worker's would be."""
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        autocommit=True,
    )


def orphaned_rollup() -> RollupRun:
    """Marked running by a worker that was then killed: nobody holds its lease."""
    first = timezone.localdate().replace(day=1)
    return RollupRun.objects.create(
        from_month=first,
        to_month=first,
        status=RollupStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(seconds=20),
    )


def test_a_rollup_whose_worker_died_is_handed_over_and_finished(monkeypatch):
    run = orphaned_rollup()
    handed: list[int] = []
    monkeypatch.setattr(rollups, "_enqueue", handed.append)
    assert rollups.rollups_sweep() == 1
    assert handed == [run.pk]
    finished = rollups.rollup_run(run_id=run.pk)
    assert finished is not None and finished.status == RollupStatus.DONE
    assert leases.abandoned("scorecard-rollup", run.pk)  # released when done


def test_a_rollup_still_running_in_a_live_worker_is_left_alone(monkeypatch):
    run = orphaned_rollup()
    handed: list[int] = []
    monkeypatch.setattr(rollups, "_enqueue", handed.append)
    with other_connection() as worker:
        worker.execute(
            "SELECT pg_advisory_lock(%s, %s)", (leases.KINDS["scorecard-rollup"], run.pk)
        )
        assert rollups.rollups_sweep() == 0
        assert rollups.rollup_run(run_id=run.pk).status == RollupStatus.RUNNING
    assert handed == []


def test_an_export_whose_worker_died_is_taken_over_at_once(monkeypatch, settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    lead = AgencyFactory()
    case = CaseFactory(lead_agency=lead)
    job = exports.export_request(
        actor=member(Role.MANAGER, agency=lead), kind="case_pdf", case=case
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now() - dt.timedelta(seconds=10)
    )
    handed: list[int] = []
    monkeypatch.setattr(exports, "_enqueue", handed.append)
    with other_connection() as worker:
        worker.execute("SELECT pg_advisory_lock(%s, %s)", (leases.KINDS["export"], job.pk))
        assert exports.exports_sweep() == 0
        assert exports.export_run(job_id=job.pk).status == ExportStatus.RUNNING
    # The worker is gone (its connection closed): the next sweep hands the job over.
    assert exports.exports_sweep() == 1
    assert exports.export_run(job_id=job.pk).status == ExportStatus.DONE

"""Celery tasks of reporting: thin, idempotent wrappers around services."""

from __future__ import annotations

from celery import shared_task

from reporting.exports import services


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def run_export(job_id: int) -> str:
    job = services.export_run(job_id=job_id)
    return job.status if job else "skipped"


@shared_task(acks_late=True)
def expire_exports() -> int:
    return services.exports_expire()


@shared_task(acks_late=True)
def sweep_exports() -> int:
    return services.exports_sweep()


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def run_scorecard_rollup(run_id: int) -> str:
    from reporting.scorecard.services import rollup_run

    run = rollup_run(run_id=run_id)
    return run.status if run else "skipped"


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def scorecard_rollup_nightly() -> int:
    """Rebuild the last 24 months of snapshots (re-running replaces them)."""
    from reporting.scorecard.services import rollup_now, rollups_sweep

    rollups_sweep()
    return rollup_now().rows


@shared_task(acks_late=True)
def sweep_scorecard_rollups() -> int:
    from reporting.scorecard.services import rollups_sweep

    return rollups_sweep()

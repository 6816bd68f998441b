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

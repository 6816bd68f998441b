"""Celery tasks of families identified in data: thin and idempotent."""

from __future__ import annotations

from celery import shared_task

from cases.identified.services import data_sets_purge_expired


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(Exception,), retry_backoff=True)
def purge_expired_data_sets() -> int:
    """Delete the rows of data sets past their retention period (each data set once)."""
    return data_sets_purge_expired()

# mypy: disallow-untyped-defs
"""Moving in from another system: each import run is a batch, and every record an
import made or changed remembers the source row it came from, so that the same files
imported again change nothing, a newer export updates what changed, and a batch can be
taken out again while nothing has been built on it (reporting/moving_in/)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportBatch(models.Model):
    """One run of an import: what it read, what it did, and whether it was undone."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        ROLLED_BACK = "rolled_back", "Rolled back"

    source = models.CharField(max_length=20, help_text="Which import: ssd or legacy.")
    folder = models.CharField(max_length=500)
    started_at = models.DateTimeField(default=timezone.now)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED)
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} import {self.pk} ({self.get_status_display()})"


class ImportedRecord(models.Model):
    """A record this product holds because of a source row, keyed by the source's id."""

    source = models.CharField(max_length=20)
    table = models.CharField(max_length=40)
    source_id = models.CharField(max_length=120)
    model = models.CharField(max_length=60, help_text="app_label.model of the record.")
    object_id = models.PositiveBigIntegerField()
    row_hash = models.CharField(max_length=64)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")
    last_batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, related_name="changed_records"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "table", "source_id"], name="imported_record_once"
            )
        ]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.table} {self.source_id}"

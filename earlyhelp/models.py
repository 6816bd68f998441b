"""The transactional outbox: background work written in the same transaction as the change.

A service that needs work done after it commits (an email, an invitation) writes an
OutboxMessage row beside its own rows. If the transaction rolls back, the work is never
sent; if it commits, the row is published to the broker straight after commit (best
effort, with a short timeout) and, whatever happens to the broker, by the periodic drain
(earlyhelp/outbox.py). So a Redis outage delays work; it never loses it.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """One Celery task to publish: its name and JSON arguments."""

    task = models.CharField(max_length=200, help_text="The Celery task's registered name.")
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0, help_text="Times publishing was tried.")
    last_error = models.TextField(blank=True, default="")
    request_id = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="The request that enqueued it, carried into the task's log lines.",
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["id"],
                condition=models.Q(published_at__isnull=True),
                name="outbox_pending",
            ),
            models.Index(fields=["published_at"], name="outbox_published_at"),
        ]

    def __str__(self) -> str:
        state = "published" if self.published_at else "pending"
        return f"{self.task} ({state})"

    @property
    def task_id(self) -> str:
        """The Celery task id: stable, so a message published twice is recognisable."""
        return f"outbox-{self.pk}"

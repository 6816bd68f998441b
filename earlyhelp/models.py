"""The transactional outbox: background work written in the same transaction as the change.

A service that needs work done after it commits (an email, an invitation) writes an
OutboxMessage row beside its own rows. If the transaction rolls back, the work is never
sent; if it commits, the row is published to the broker straight after commit (best
effort, with a short timeout) and, whatever happens to the broker, by the periodic drain
(earlyhelp/outbox.py). So a Redis outage delays work; it never loses it.
"""

from __future__ import annotations

from django.conf import settings
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


class IdempotencyKey(models.Model):
    """A create request already answered: the same key from the same person replays it.

    The row is inserted in the transaction of the change it guards, before the change,
    so a retry waits for the first request to finish and then finds either the committed
    answer (and replays it) or no row (the first failed: the retry does the work). The
    unique constraint is what stops two copies of one request both creating.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    scope = models.CharField(max_length=300, help_text="The method and path the key was used on.")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of what was submitted.")
    created_at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=500, blank=True, default="")
    body = models.TextField(blank=True, default="", help_text="The API answer's JSON body.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_key_created_at")]

    def __str__(self) -> str:
        return f"{self.scope} ({self.key})"

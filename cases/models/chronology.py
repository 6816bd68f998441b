"""The case chronology: a table of events that every app's services append to.

cases/ never imports assessments/ or family_plans/: they write their events here
through cases.timeline, the way an order keeps an event log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.cases import Case
from cases.models.notes import CaseNote


class ChronologyEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A note's event is shown only to people who may read the note.
    note = models.ForeignKey(
        CaseNote, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    url = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self) -> str:
        return f"{self.case}: {self.title}"

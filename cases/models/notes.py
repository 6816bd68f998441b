"""Case notes, each with a visibility: the whole team, the lead agency, or named people."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.cases import Case
from partners.models import Agency


class NoteType(models.TextChoices):
    VISIT = "visit", "Visit"
    CALL = "call", "Phone call"
    MEETING = "meeting", "Meeting"
    MESSAGE = "message", "Message or email"
    OTHER = "other", "Other"


class NoteVisibility(models.TextChoices):
    EVERYONE = "everyone", "Everyone working on the case"
    LEAD_AGENCY = "lead_agency", "The lead agency only"
    RESTRICTED = "restricted", "Only the people I name"


class SensitiveCategory(models.TextChoices):
    NONE = "", "None"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    SEXUAL_HEALTH = "sexual_health", "Sexual health"
    POLICE_INTELLIGENCE = "police_intelligence", "Police intelligence"


@pghistory.track()
class CaseNote(models.Model):
    """A contact or event recorded on a case. Notes are never edited once saved."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    note_type = models.CharField(max_length=10, choices=NoteType.choices)
    contact_date = models.DateField()
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_notes"
    )
    author_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visibility = models.CharField(
        max_length=12, choices=NoteVisibility.choices, default=NoteVisibility.EVERYONE
    )
    sensitive_category = models.CharField(
        max_length=20, choices=SensitiveCategory.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-contact_date", "-id"]
        indexes = [
            models.Index(fields=["case", "visibility"]),
            # A case's notes page, newest first: read in index order, not sorted.
            models.Index(fields=["case", "-contact_date", "-id"], name="case_note_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.get_note_type_display()} on {self.contact_date}"

"""A document attached to a case: what it is, who may read it, where its bytes are kept
and what the virus scanner said. The file itself lives in private storage under a
generated name (documents/storage.py); the name it was uploaded with is kept as text only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from guardian.models import UserObjectPermissionBase

from assessments.models import Assessment
from cases.models import Case, NoteVisibility
from family_plans.models import FamilyPlan, TafMeeting
from partners.models import Agency


class DocumentType(models.TextChoices):
    CONSENT_FORM = "consent_form", "Signed consent form"
    LETTER = "letter", "Letter"
    REPORT = "report", "Report (school, health or other agency)"
    MEETING_PAPERS = "meeting_papers", "Meeting papers"
    PHOTO = "photo", "Photograph or scan"
    OTHER = "other", "Other"


class ScanState(models.TextChoices):
    PENDING = "pending", "Scan pending"
    CLEAN = "clean", "No virus found"
    INFECTED = "infected", "Virus found: quarantined"
    UNSCANNED = "unscanned", "Not scanned"


class Document(models.Model):
    """One uploaded file. Never edited once saved, except by the scanner's verdict."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    # What on the case it belongs to, when more than the case itself (one at most).
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    plan = models.ForeignKey(
        FamilyPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    meeting = models.ForeignKey(
        TafMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="documents"
    )
    document_type = models.CharField(max_length=20, choices=DocumentType.choices)
    document_date = models.DateField(help_text="The date on the document, or when it was made.")
    description = models.CharField(max_length=500, blank=True, default="")
    visibility = models.CharField(
        max_length=12, choices=NoteVisibility.choices, default=NoteVisibility.EVERYONE
    )
    # The uploader's name for the file: shown and offered back on download (safely
    # encoded), never used to store or find it.
    original_name = models.CharField(max_length=255)
    # The key in document storage: generated, no part of it comes from the uploader.
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    scan_state = models.CharField(max_length=10, choices=ScanState.choices)
    scanned_at = models.DateTimeField(null=True, blank=True)
    scan_result = models.CharField(max_length=200, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_documents"
    )
    uploaded_by_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-document_date", "-id"]
        indexes = [models.Index(fields=["case", "visibility"])]
        constraints = [
            models.CheckConstraint(
                name="document_about_one_thing_at_most",
                condition=(
                    models.Q(assessment__isnull=True, plan__isnull=True)
                    | models.Q(assessment__isnull=True, meeting__isnull=True)
                    | models.Q(plan__isnull=True, meeting__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()} of {self.document_date}"

    @property
    def quarantined(self) -> bool:
        return self.scan_state == ScanState.INFECTED

    @property
    def about(self) -> str:
        """What on the case the document belongs to, in words."""
        if self.assessment is not None:
            return f"Early Help Assessment (version {self.assessment.number})"
        if self.plan_id:
            return "Family plan"
        if self.meeting is not None:
            return f"Meeting on {timezone.localtime(self.meeting.starts_at):%-d %B %Y}"
        return "The case"


class DocumentReader(UserObjectPermissionBase):
    """The people named on a restricted document (django-guardian's direct table, as
    for notes: `readable_by_visibility` joins it)."""

    content_object = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="readers")

    class Meta(UserObjectPermissionBase.Meta):
        pass

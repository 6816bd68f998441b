"""Subject access, restriction and erasure requests, the retention schedule and legal holds.

The restriction itself (who is hidden, and why) lives in cases/ (`PersonRestriction`),
because the access policy there must read it and cases/ imports nothing above it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import Case, Family, Person


class SarStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    GATHERING = "gathering", "Producing the export"
    REVIEW = "review", "Ready for review"
    RELEASED = "released", "Released"
    FAILED = "failed", "Failed"


class SubjectAccessRequest(models.Model):
    """A request by or for a person to see everything held about them (UK GDPR art. 15).

    The export gathers into `gathered` (sections of records, each text a line with an
    id); the officer marks lines to redact, then releases, which writes sar.json and
    sar.pdf under PRIVATE_STORAGE_ROOT/sar/<public_id>/.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="access_requests")
    requester_name = models.CharField("who asked", max_length=200)
    requester_relationship = models.CharField(
        "their relationship to the person", max_length=100, blank=True, default=""
    )
    identity_checked = models.BooleanField(default=False)
    identity_evidence = models.CharField(max_length=200, blank=True, default="")
    received_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=SarStatus.choices, default=SarStatus.RECORDED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True, default="")
    gathered = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Subject access request {self.pk} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.status != SarStatus.RELEASED


class SarRedaction(models.Model):
    """One line of an export withheld from the person: a black box in the PDF, left out
    of the JSON."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="redactions"
    )
    line_id = models.CharField(max_length=120)
    reason = models.CharField(max_length=200, blank=True, default="")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "line_id"], name="sar_redaction_once")
        ]

    def __str__(self) -> str:
        return f"redaction of {self.line_id}"


class RecordType(models.TextChoices):
    """Kinds of record the retention schedule covers. A closed case is the family's whole
    record: its documents, contributions and history go with it."""

    CLOSED_CASE = "closed_case", "Closed early help case (the family's whole record)"


class RetentionAction(models.TextChoices):
    # Rows are anonymised rather than deleted, so counts and figures stay whole;
    # identifiers and field history are deleted outright.
    ANONYMISE = "anonymise", "Anonymise"


class RetentionRule(models.Model):
    """How long one kind of record is kept, set by a system administrator (the admin).

    A record is due `years_after_closure` years after it closed, or on the youngest
    child's `until_youngest_age` birthday if that comes later (0 turns that off).
    """

    record_type = models.CharField(max_length=30, choices=RecordType.choices, unique=True)
    years_after_closure = models.PositiveSmallIntegerField(default=6)
    until_youngest_age = models.PositiveSmallIntegerField(
        "until the youngest child's birthday", default=25
    )
    action = models.CharField(
        max_length=10, choices=RetentionAction.choices, default=RetentionAction.ANONYMISE
    )
    reason = models.TextField(
        blank=True, default="", help_text="Why this period: shown on the record of processing."
    )

    class Meta:
        ordering = ["record_type"]

    def __str__(self) -> str:
        return self.get_record_type_display()


class DueStatus(models.TextChoices):
    DUE = "due", "Due"
    APPROVED = "approved", "Approved"
    HELD = "held", "Stopped by a legal hold"
    DONE = "done", "Anonymised"


class RetentionBatch(models.Model):
    """The officer's approval of a set of due records, as one decision."""

    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-approved_at"]

    def __str__(self) -> str:
        return f"retention batch {self.pk}"


class RetentionDue(models.Model):
    """A record the schedule has made due: listed daily, approved in batches, then applied.

    `family` is the unit of a closed case record: a family's record is anonymised once
    every case of it is due. No names are kept here, so the row may outlive the record.
    """

    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=DueStatus.choices, default=DueStatus.DUE)
    listed_at = models.DateTimeField(default=timezone.now)
    batch = models.ForeignKey(
        RetentionBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "family"], name="retention_due_once_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_record_type_display()} {self.family_id} due {self.due_on}"


class LegalHold(models.Model):
    """Keep a case's or a person's records past their retention date (litigation, an
    inquiry, a complaint). While current, retention skips every record it touches."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(person__isnull=False),
                name="legal_hold_names_a_case_or_person",
            )
        ]

    def __str__(self) -> str:
        return f"legal hold {self.pk}"


class RightsKind(models.TextChoices):
    RESTRICTION = "restriction", "Restriction of processing (article 18)"
    ERASURE = "erasure", "Erasure (article 17)"


class RightsDecision(models.TextChoices):
    PENDING = "pending", "Not decided"
    UPHELD = "upheld", "Upheld"
    REFUSED = "refused", "Refused"


class RightsRequest(models.Model):
    """A restriction or erasure request, its decision and the lawful basis for it."""

    kind = models.CharField(max_length=12, choices=RightsKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rights_requests")
    requester_name = models.CharField("who asked", max_length=200)
    grounds = models.TextField("what they ask and why")
    received_on = models.DateField()
    decision = models.CharField(
        max_length=10, choices=RightsDecision.choices, default=RightsDecision.PENDING
    )
    lawful_basis = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.pk}"

"""Data sets from partners, their rows matched to people, and the families they identify.

A row is never turned into a person: it is linked to a person the service already
knows, by an identifier or (after review, or when every detail agrees) by name, date of
birth and postcode. Nothing is merged and nothing is decided here; a coordinator reads
each family's indicators and decides.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.identified.kinds import FACTS, DataSetKind
from cases.models import Case, Family, Person
from partners.models import Agency, FamilyHub, Zone


class DataSet(models.Model):
    """One file a partner sent: which kind, who sent it, who imported it, until when it is kept."""

    kind = models.CharField(max_length=30, choices=DataSetKind.choices)
    file_name = models.CharField(max_length=200)
    supplied_by = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    row_count = models.PositiveIntegerField(default=0)
    retain_until = models.DateField(help_text="Its rows are deleted after this date.")
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.file_name})"

    @property
    def indicator(self) -> str:
        return FACTS[self.kind].indicator


class MatchStatus(models.TextChoices):
    MATCHED = "matched", "Matched"
    TO_REVIEW = "to_review", "Uncertain: to review"
    NOT_KNOWN = "not_known", "Not known to the service"
    REJECTED = "rejected", "Not this person (reviewed)"


class MatchMethod(models.TextChoices):
    NHS_NUMBER = "nhs_number", "NHS number"
    UPN = "upn", "Unique pupil number"
    DETAILS = "details", "Name, date of birth and postcode"
    REVIEWED = "reviewed", "Confirmed by a coordinator"


class DataRow(models.Model):
    """One row of a data set: who it is about (as the file says) and what it indicates."""

    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()
    nhs_number = models.CharField(max_length=10, blank=True, default="")
    upn = models.CharField(max_length=13, blank=True, default="")
    given_names = models.CharField(max_length=150, blank=True, default="")
    family_name = models.CharField(max_length=100, blank=True, default="")
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True, default="")
    event_on = models.DateField(help_text="When what the row records happened.")
    detail = models.CharField(max_length=300, blank=True, default="")
    status = models.CharField(max_length=10, choices=MatchStatus.choices)
    method = models.CharField(max_length=12, choices=MatchMethod.choices, blank=True, default="")
    score = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="identified_rows"
    )
    # Where the row belongs, for whose list it is on: its family's zone and hub, or for an
    # uncertain row its likeliest candidate's; none when no one is known.
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    family_hub = models.ForeignKey(
        FamilyHub, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # For uncertain rows: [{"person": id, "family": id, "score": 0.8, "why": [...]}, ...]
    candidates = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["data_set", "line"]
        indexes = [
            models.Index(fields=["status"], name="data_row_status"),
            models.Index(fields=["family", "status"], name="data_row_family"),
        ]

    def __str__(self) -> str:
        return f"{self.data_set} line {self.line}"

    @property
    def name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class Review(models.TextChoices):
    NEW = "new", "Not yet reviewed"
    AGENDA = "agenda", "Added to the allocation agenda"
    NO_ACTION = "no_action", "No action"


class IdentifiedFamily(models.Model):
    """A family at least one matched row points to, and what a coordinator decided."""

    family = models.OneToOneField(Family, on_delete=models.CASCADE, related_name="identified")
    first_identified_at = models.DateTimeField(default=timezone.now)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.NEW)
    reason = models.TextField(blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    case = models.OneToOneField(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="identified_family",
        help_text="The enquiry raised when the family was brought to allocation.",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-first_identified_at", "-id"]
        verbose_name_plural = "identified families"

    def __str__(self) -> str:
        return f"{self.family} (identified in data)"

"""Outcome Star readings: a score from 1 to 10 on each scale of a star, with a note.

A reading is taken with the family (the usual way), by the worker alone when the
family has disengaged, or twice when the family and the worker disagree (one reading
each, marked whose). Only readings the worker has confirmed count in reports:
`counts_in_reports` says so on each row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models.reference import StarScale, StarType
from cases.models import Case, Person
from earlyhelp.templatetags.govuk import govuk_date


class ReadingOccasion(models.TextChoices):
    START = "start", "Start"
    REVIEW = "review", "Review"
    CLOSURE = "closure", "Closure"


class ReadingKind(models.TextChoices):
    JOINT = "joint", "Family and worker together"
    WORKER_ONLY = "worker_only", "Worker only (the family has disengaged)"
    WORKER_VIEW = "worker_view", "Worker's reading (the family saw it differently)"
    FAMILY_VIEW = "family_view", "Family's own reading (the worker saw it differently)"


# The kinds the worker has confirmed; the family's own view of a disagreement does not count.
CONFIRMED_KINDS = frozenset({ReadingKind.JOINT, ReadingKind.WORKER_ONLY, ReadingKind.WORKER_VIEW})


class StarReading(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="star_readings")
    star_type = models.ForeignKey(StarType, on_delete=models.PROTECT, related_name="readings")
    taken_on = models.DateField()
    occasion = models.CharField(max_length=10, choices=ReadingOccasion.choices)
    kind = models.CharField(max_length=12, choices=ReadingKind.choices)
    counts_in_reports = models.BooleanField(
        help_text="Confirmed by the worker: only these readings count in reports."
    )
    paired_with = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pair",
        help_text="The other reading of a disagreement (the worker's and the family's).",
    )
    present = models.ManyToManyField(
        Person, blank=True, related_name="+", help_text="Family members present."
    )
    others_present = models.CharField(max_length=300, blank=True, default="")
    note = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "taken_on", "id"]
        indexes = [models.Index(fields=["case", "counts_in_reports", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.star_type} on {govuk_date(self.taken_on)} ({self.get_kind_display()})"


class StarScore(models.Model):
    reading = models.ForeignKey(StarReading, on_delete=models.CASCADE, related_name="scores")
    scale = models.ForeignKey(StarScale, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["reading", "scale__number"]
        constraints = [
            models.UniqueConstraint(fields=["reading", "scale"], name="star_score_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=10), name="star_score_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scale}: {self.value}"

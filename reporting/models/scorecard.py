"""The scorecard's stored facts: monthly snapshots, the working-day calendar, and the
figures administrators record that the product cannot compute (child population,
social care returns, the estimate of families with additional needs, training).

Snapshots hold a numerator and a denominator per measure, month, zone, family hub and
agency, never only a rate, so a quarter, a year or a whole area re-aggregates from
them exactly (reporting/scorecard/measures.py).
"""

from __future__ import annotations

from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from partners.models import Agency, FamilyHub, Zone


class CalendarDay(models.Model):
    """One day of the calendar of a bank-holiday region, with its running count of
    working days, so working days between two dates is a subtraction in SQL.

    `working_index` counts the working days from the calendar's first day up to and
    including this day: working days after A up to and including B = index(B) - index(A),
    exactly what cases.working_days.working_days_between answers.
    """

    region = models.CharField(max_length=8)
    day = models.DateField()
    is_working = models.BooleanField()
    working_index = models.IntegerField()

    class Meta:
        ordering = ["region", "day"]
        constraints = [
            models.UniqueConstraint(fields=["region", "day"], name="calendar_day_once"),
        ]
        # A deadline N working days on is the day whose index is N more: without this
        # index every enquiry of a rollup read the whole calendar to find it.
        indexes = [
            models.Index(
                fields=["region", "working_index", "day"], name="calendar_day_by_working_index"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} ({self.region})"


class ScorecardSnapshot(models.Model):
    """One measure's numerator and denominator for one month and one cell of scope.

    A blank zone, hub or agency means the case had none (not "all"): the whole area is
    the sum over every row.
    """

    measure = models.CharField(max_length=16)
    month = models.DateField(help_text="The first day of the month.")
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    family_hub = models.ForeignKey(
        FamilyHub, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measure", "month"]
        indexes = [
            models.Index(fields=["measure", "month"]),
            models.Index(fields=["month"]),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.month:%Y-%m}: {self.numerator}/{self.denominator}"


class RollupStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "In progress"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class RollupRun(models.Model):
    """A (re)computation of the snapshots of a range of months: nightly, or on demand."""

    from_month = models.DateField()
    to_month = models.DateField()
    status = models.CharField(
        max_length=10, choices=RollupStatus.choices, default=RollupStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=20, default="nightly")
    rows = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Rollup {self.from_month:%Y-%m} to {self.to_month:%Y-%m} ({self.status})"

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


@pghistory.track()
class ChildPopulation(models.Model):
    """How many children live in a zone (or the whole area) in a year: the base of the
    'per 10,000 children' rates."""

    year = models.PositiveSmallIntegerField()
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, help_text="Blank: the whole area."
    )
    children = models.PositiveIntegerField(help_text="Children aged 0 to 17.")
    source = models.CharField(
        max_length=200, blank=True, default="", help_text="e.g. ONS mid-year estimate."
    )

    class Meta:
        ordering = ["year", "zone__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "zone"], name="child_population_once", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.children} children ({self.zone or 'whole area'}, {self.year})"


@pghistory.track()
class SocialCareFigures(models.Model):
    """Children's social care figures for a year, entered from its returns (S4, S5, S6)."""

    year = models.PositiveSmallIntegerField()
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, help_text="Blank: the whole area."
    )
    children_in_need = models.PositiveIntegerField(help_text="Children in need on 31 March.")
    children_in_care = models.PositiveIntegerField(help_text="Children in care on 31 March.")
    cases_closed = models.PositiveIntegerField(
        null=True, blank=True, help_text="Social care episodes closed in the year (for S4)."
    )
    source = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["year", "zone__name"]
        verbose_name_plural = "social care figures"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "zone"], name="social_care_figures_once", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"Social care figures {self.year} ({self.zone or 'whole area'})"


@pghistory.track()
class FamiliesEstimate(models.Model):
    """How many families live in a zone, and the planning assumption of the share with
    additional needs (about 7%): the denominator of penetration (S9)."""

    year = models.PositiveSmallIntegerField()
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, help_text="Blank: the whole area."
    )
    families = models.PositiveIntegerField(help_text="Families with dependent children.")
    additional_needs_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("7.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="The planning assumption: share of families with additional needs.",
    )

    class Meta:
        ordering = ["year", "zone__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "zone"], name="families_estimate_once", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.families} families ({self.zone or 'whole area'}, {self.year})"

    @property
    def estimated_in_need(self) -> int:
        return int(
            (Decimal(self.families) * self.additional_needs_percent / 100).to_integral_value()
        )


@pghistory.track()
class LeadPractitionerTraining(models.Model):
    """A practitioner completed the partnership's lead practitioner training (Q1)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    course = models.CharField(max_length=200, default="Lead practitioner training")
    completed_on = models.DateField()

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = "lead practitioner training"
        verbose_name_plural = "lead practitioner training"
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="training_once_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.user} completed {self.course} on {self.completed_on}"

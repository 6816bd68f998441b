"""Reference data the system administrator maintains (in the admin, without a code change).

Outcome Star types with their scales and Journey of Change bands, outcome frameworks
with their headline problems, and standardised measures. Each is seeded by a data
migration with the defaults councils use most (Family Star Plus edition 1, Supporting
Families 2022-25, SDQ). Levels of need live in cases (cases.models.NeedLevel): one
continuum for assessments, allocation and closure, imported here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from cases.models import NeedLevel

__all__ = [
    "HeadlineProblem",
    "MeasureType",
    "NeedLevel",
    "OutcomeFramework",
    "StarBand",
    "StarScale",
    "StarType",
]


class StarType(models.Model):
    """An Outcomes Star (e.g. Family Star Plus, edition 1) as licensed by the council."""

    name = models.CharField(max_length=120)
    edition = models.CharField(max_length=40, blank=True, default="")
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_default = models.BooleanField(
        default=False, help_text="Offered first when a practitioner records a reading."
    )
    max_value = models.PositiveSmallIntegerField(
        default=10, help_text="The top of each scale (Outcomes Stars score 1 to 10)."
    )

    class Meta:
        ordering = ["-is_default", "name", "edition"]
        constraints = [
            models.UniqueConstraint(fields=["name", "edition"], name="star_type_name_edition"),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="star_type_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.edition})" if self.edition else self.name


class StarScale(models.Model):
    """One area of a star, e.g. 'Physical health'."""

    star_type = models.ForeignKey(StarType, on_delete=models.CASCADE, related_name="scales")
    number = models.PositiveSmallIntegerField(help_text="Order around the star, from 1.")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["star_type", "number"]
        constraints = [
            models.UniqueConstraint(fields=["star_type", "number"], name="star_scale_number"),
        ]

    def __str__(self) -> str:
        return self.name


class StarBand(models.Model):
    """A stage of the Journey of Change: the scores from `low` to `high` inclusive."""

    star_type = models.ForeignKey(StarType, on_delete=models.CASCADE, related_name="bands")
    low = models.PositiveSmallIntegerField()
    high = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["star_type", "low"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(low__lte=models.F("high")), name="band_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.low}-{self.high} {self.name}"

    def clean(self) -> None:
        if self.low > self.high:
            raise ValidationError({"high": "The top of the band must not be below its bottom"})


class OutcomeFramework(models.Model):
    """A set of headline problems and the rule that makes a family eligible.

    Supporting Families 2022-25 (ten headlines, at least three needs) is seeded and
    current; the earlier six-problem framework can be kept as data beside it.
    """

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, default="")
    min_needs = models.PositiveSmallIntegerField(
        default=3, help_text="How many headline problems make a family eligible."
    )
    requires_dependent_children = models.BooleanField(
        default=True, help_text="Eligible only with dependent children or a child expected."
    )
    is_current = models.BooleanField(
        default=False, help_text="The framework new assessments are recorded against."
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-is_current", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="outcome_framework_one_current",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HeadlineProblem(models.Model):
    """A headline problem (a 'need') of a framework, with the council's descriptors."""

    framework = models.ForeignKey(
        OutcomeFramework, on_delete=models.CASCADE, related_name="headlines"
    )
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=160)
    descriptors = models.TextField(
        blank=True, default="", help_text="What counts as this need (the local descriptors)."
    )
    good_outcome = models.TextField(
        blank=True, default="", help_text="What counts as a good, sustained outcome."
    )

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="headline_number"),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureType(models.Model):
    """A standardised measure (e.g. SDQ total difficulties, 0-40) with its score range."""

    name = models.CharField(max_length=160, unique=True)
    short_name = models.CharField(max_length=40, blank=True, default="")
    description = models.TextField(blank=True, default="")
    min_score = models.IntegerField(default=0)
    max_score = models.IntegerField()
    higher_is_better = models.BooleanField(
        default=False, help_text="Untick when a lower score is better (as for SDQ difficulties)."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_score__lt=models.F("max_score")), name="measure_range"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.max_score is not None and self.min_score >= self.max_score:
            raise ValidationError({"max_score": "The highest score must be above the lowest"})

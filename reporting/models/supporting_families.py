"""Supporting Families claims: the rules a claim is checked against, and the claims made.

A successful family outcome needs every condition of OUTCOMES.md; the claim engine
(reporting/supporting_families.py) checks them from the case's own records. What it
cannot see is recorded here: the internal audit of the evidence, then the claim.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cases.models import Case


@pghistory.track()
class ClaimRules(models.Model):
    """How long outcomes must be sustained after closure before a claim (one row)."""

    sustained_months = models.PositiveSmallIntegerField(
        default=6, help_text="Months after closure every need's outcome must hold."
    )
    note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "Supporting Families claim rules"
        verbose_name_plural = "Supporting Families claim rules"

    def __str__(self) -> str:
        return f"Outcomes sustained for {self.sustained_months} months"


def programme_year_of(day: dt.date) -> int:
    """The programme year a day falls in, named by the year it starts: April to March."""
    return day.year if day.month >= 4 else day.year - 1


@pghistory.track()
class ClaimRule(models.Model):
    """How long an outcome must be sustained after closure before a claim, for families
    whose case closed in a programme year (April to March) and after, until a later
    year's rule. A rule for one outcome (a headline need) comes before the year's rule
    for every outcome; a year with no rule keeps the previous year's; with none at all,
    ClaimRules' single period applies."""

    programme_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2015), MaxValueValidator(2100)],
        help_text="The year the programme year starts: 2027 is April 2027 to March 2028.",
    )
    headline = models.ForeignKey(
        "assessments.HeadlineProblem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="outcome",
        help_text="The outcome (headline need) the rule is for. Blank: every outcome "
        "without a rule of its own.",
    )
    sustained_months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="Months after closure the outcome must hold: 1 to 36.",
    )
    note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-programme_year", "headline__number"]
        verbose_name = "Supporting Families claim rule by programme year"
        verbose_name_plural = "Supporting Families claim rules by programme year"
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "headline"],
                name="claim_rule_once_per_outcome",
                violation_error_message="This programme year already has a rule for this "
                "outcome: change that rule instead",
            ),
            models.UniqueConstraint(
                fields=["programme_year"],
                condition=models.Q(headline__isnull=True),
                name="claim_rule_once_per_year",
                violation_error_message="This programme year already has a rule for every "
                "outcome: change that rule instead",
            ),
        ]

    def __str__(self) -> str:
        what = self.headline.name if self.headline_id else "every outcome"  # type: ignore[union-attr]
        return (
            f"{self.programme_year} to {self.programme_year + 1}: {what} sustained for "
            f"{self.sustained_months} months"
        )


class FamilyClaim(models.Model):
    """A family's claim: the evidence audit, then the claim (payment by results)."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="supporting_families_claim"
    )
    evidence_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence_checked_on = models.DateField(null=True, blank=True)
    evidence_note = models.TextField(blank=True, default="")
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claimed_on = models.DateField(null=True, blank=True)
    evidence = models.JSONField(
        default=dict, blank=True, help_text="The conditions as they were checked when claimed."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["claimed_on"])]

    def __str__(self) -> str:
        return f"Supporting Families claim for {self.case}"

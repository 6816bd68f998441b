"""Partnership health: the strands of the maturity matrix, the partnership pledges, and
each agency's self-assessment against them, recorded over time."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from partners.models import Agency


class Maturity(models.TextChoices):
    EARLY = "early", "Early"
    DEVELOPING = "developing", "Developing"
    MATURING = "maturing", "Maturing"
    MATURE = "mature", "Mature"


MATURITY_ORDER = {m.value: n for n, m in enumerate(Maturity, start=1)}


@pghistory.track()
class PartnershipStrand(models.Model):
    """A strand of the maturity matrix, e.g. 'Leadership and governance'."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=160)
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class PartnershipPledge(models.Model):
    """A commitment partner agencies sign up to, under a strand."""

    strand = models.ForeignKey(PartnershipStrand, on_delete=models.CASCADE, related_name="pledges")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["strand__number", "number"]
        constraints = [models.UniqueConstraint(fields=["strand", "number"], name="pledge_number")]

    def __str__(self) -> str:
        return self.text


class AgencySelfAssessment(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="self_assessments")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on = models.DateField(default=timezone.localdate)
    pledges_met = models.ManyToManyField(PartnershipPledge, blank=True, related_name="+")
    notes = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-recorded_on", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} self-assessment, {self.recorded_on}"


class StrandRating(models.Model):
    assessment = models.ForeignKey(
        AgencySelfAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    strand = models.ForeignKey(PartnershipStrand, on_delete=models.PROTECT, related_name="+")
    maturity = models.CharField(max_length=12, choices=Maturity.choices)
    evidence = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["assessment", "strand__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "strand"], name="strand_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.strand}: {self.get_maturity_display()}"

"""Supporting Families claims: the rules a claim is checked against, and the claims made.

A successful family outcome needs every condition of OUTCOMES.md; the claim engine
(reporting/supporting_families.py) checks them from the case's own records. What it
cannot see is recorded here: the internal audit of the evidence, then the claim.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
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

"""Consent, shares of a case with agencies, and the record of every disclosure.

Working Together 2023: "a record should be kept of what has been shared, with whom
and for what purpose and the reasoning behind it". Shares are an explicit table, not
a side effect; consent withdrawn ends the shares that relied on it.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.cases import Case
from cases.models.families import Person
from partners.models import Agency, InformationSharingAgreement


class ConsentDecision(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ShareBasis(models.TextChoices):
    CONSENT = "consent", "Consent of the family"
    SAFEGUARDING = (
        "safeguarding",
        ("Safeguarding of children or individuals at risk (DPA 2018 Sch. 1 para 18)"),
    )
    LEGAL_DUTY = "legal_duty", "A legal duty or statutory function"


@pghistory.track()
class ConsentRecord(models.Model):
    """A family member's decision about sharing their information, or a lawful basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text="Who gave or refused it.",
    )
    decision = models.CharField(max_length=10, choices=ConsentDecision.choices)
    basis = models.CharField(max_length=20, choices=ShareBasis.choices, default=ShareBasis.CONSENT)
    lawful_reason = models.TextField(
        blank=True, default="", help_text="Why sharing without consent is lawful."
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", help_text="Agencies the family agrees may see it."
    )
    purposes = models.TextField(blank=True, default="")
    method = models.CharField(
        max_length=20,
        blank=True,
        default="verbal",
        choices=[("verbal", "Verbally"), ("written", "In writing"), ("signed", "Signed form")],
    )
    decided_on = models.DateField(default=timezone.localdate)
    review_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdraws = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="withdrawals"
    )

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} for {self.case}"


class CaseShareQuerySet(models.QuerySet["CaseShare"]):
    def current(self, on: dt.date | None = None) -> CaseShareQuerySet:
        """In force on `on` (today): started, not ended, not withdrawn."""
        today = on or timezone.localdate()
        return self.filter(ended_at__isnull=True, starts_on__lte=today).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today)
        )


class CaseShare(models.Model):
    """A case shared with an agency, on consent or a recorded lawful basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_shares")
    basis = models.CharField(max_length=20, choices=ShareBasis.choices)
    consent = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="shares"
    )
    lawful_reason = models.TextField(blank=True, default="")
    agreement = models.ForeignKey(
        InformationSharingAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shares",
    )
    purpose = models.TextField(blank=True, default="")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(max_length=200, blank=True, default="")

    objects = CaseShareQuerySet.as_manager()

    class Meta:
        ordering = ["granted_at", "id"]
        indexes = [models.Index(fields=["case", "agency"])]

    def __str__(self) -> str:
        return f"{self.case} shared with {self.agency}"


class Disclosure(models.Model):
    """The information-sharing record: what was shared, with whom, why, on what basis."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disclosures")
    share = models.ForeignKey(
        CaseShare, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures"
    )
    shared_with_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    shared_with = models.CharField(max_length=200, blank=True, default="")
    what = models.TextField()
    purpose = models.TextField()
    basis = models.CharField(max_length=20, choices=ShareBasis.choices)
    reasoning = models.TextField()
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Disclosure from {self.case} to {self.shared_with_agency or self.shared_with}"

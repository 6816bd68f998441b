"""Standardised measures (SDQ and others) recorded per person, before and after help."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models.reference import MeasureType
from cases.models import Case, Person
from earlyhelp.templatetags.govuk import govuk_date


class MeasureOccasion(models.TextChoices):
    BEFORE = "before", "Before support"
    DURING = "during", "During support"
    AFTER = "after", "After support"


class MeasureReading(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measure_readings")
    measure = models.ForeignKey(MeasureType, on_delete=models.PROTECT, related_name="readings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    score = models.IntegerField()
    taken_on = models.DateField()
    occasion = models.CharField(max_length=10, choices=MeasureOccasion.choices)
    note = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "measure", "person", "taken_on", "id"]
        indexes = [models.Index(fields=["case", "measure", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.score} on {govuk_date(self.taken_on)}"

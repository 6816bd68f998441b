"""Restriction of processing: a person whose records are hidden while a request stands.

Written only by the information governance services (governance/rights.py), read by the
access policy (cases/access.py): while a restriction is current, the cases of every
household the person belongs to are hidden from everyone but the lead agency's managers
(and the information governance officer, whose pages do not go through case
visibility), and those who still see them are shown the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.families import Person


class PersonRestrictionQuerySet(models.QuerySet["PersonRestriction"]):
    def current(self) -> PersonRestrictionQuerySet:
        return self.filter(lifted_at__isnull=True)


class PersonRestriction(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="restrictions")
    reason = models.TextField(help_text="Shown to those who still see the records.")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = PersonRestrictionQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["person", "lifted_at"])]

    def __str__(self) -> str:
        return f"restriction of person {self.person_id}"

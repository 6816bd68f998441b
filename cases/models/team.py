"""Team Around the Family membership: who works with the family on this case.

Access depends on it, so it lives here; TAF meetings (the events) live in family_plans/.
A member from an agency other than the lead agency opens the case to that agency, so the
membership relies on a share (consent covering the agency, or a recorded lawful basis)
and ends with it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.cases import Case
from partners.models import Agency


class CaseTeamMemberQuerySet(models.QuerySet["CaseTeamMember"]):
    def current(self, on: dt.date | None = None) -> CaseTeamMemberQuerySet:
        """On the team on `on` (today): started by then and not yet ended.

        The one definition of "on the team today": access, the team tab, the readers a
        note may name, My work and reminders all use it. A member who ends on a day is
        off the team that day."""
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=on)
        )


class CaseTeamMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_teams")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_teams",
        help_text="A named person, when the agency names one.",
    )
    role_on_case = models.CharField(
        max_length=120, blank=True, default="", help_text="e.g. 'class teacher', 'health visitor'."
    )
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    share = models.ForeignKey(
        "cases.CaseShare",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_members",
        help_text="The share this membership relies on; none for the lead agency's staff.",
    )

    objects = CaseTeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = "team around the family member"
        indexes = [models.Index(fields=["case", "agency"])]

    def __str__(self) -> str:
        return f"{self.user or self.agency} on {self.case}"

"""Opening a case with no relationship to it: the reason, the 24 hours, the review.

Someone of an agency that runs the service (an out-of-hours social worker, say) may
need a family's record when nobody who can see it is there. They may open it by stating
why; it is theirs to read for BREAK_GLASS_HOURS and no longer, and the lead agency's
manager reviews each opening and marks it appropriate or not (cases/break_glass.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.cases import Case
from earlyhelp.expressions import ApplicationNow
from earlyhelp.templatetags.govuk import govuk_date


class BreakGlassQuerySet(models.QuerySet["BreakGlassAccess"]):
    def current(self) -> BreakGlassQuerySet:
        """Openings not yet expired at the moment the query is sent (so a kept queryset,
        such as `visible_cases`' conditions, still ends them on time)."""
        return self.filter(expires_at__gt=ApplicationNow())

    def awaiting_review(self) -> BreakGlassQuerySet:
        return self.filter(reviewed_at__isnull=True)


class BreakGlassAccess(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass"
    )
    reason = models.TextField()
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="break_glass_reviewed",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    appropriate = models.BooleanField(null=True, blank=True)
    review_comments = models.TextField(blank=True, default="")

    objects = BreakGlassQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = "opening without a relationship"
        indexes = [models.Index(fields=["user", "case", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} opened {self.case} on {govuk_date(self.opened_at)}"

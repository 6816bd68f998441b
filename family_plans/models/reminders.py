"""The record that a reminder was sent: one row per (kind, object, due date, recipient).

The unique constraint is what makes each reminder go once: the reminder pass inserts
this row in the same transaction as the notification it sends, so a second beat run,
a retried task or two workers at once find the row taken and send nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import Case
from earlyhelp.templatetags.govuk import govuk_date
from partners.models import Notification


class ReminderKind(models.TextChoices):
    ASSESSMENT_OVERDUE = "assessment_overdue", "Assessment overdue"
    REVIEW_DUE = "review_due", "Plan review due"
    REVIEW_OVERDUE = "review_overdue", "Plan review overdue"
    MEETING_SOON = "meeting_soon", "Team Around the Family meeting coming up"
    ACTION_OVERDUE = "action_overdue", "Action overdue"
    STAR_READING_DUE = "star_reading_due", "Outcome Star reading due"
    CONSENT_REVIEW_DUE = "consent_review_due", "Consent review due"
    NO_RECENT_CONTACT = "no_recent_contact", "No recent contact"


class ReminderSent(models.Model):
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    object_type = models.CharField(max_length=60, help_text="e.g. 'family_plans.planaction'.")
    object_id = models.BigIntegerField()
    due_on = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id", "due_on", "recipient"],
                name="reminder_once_per_due_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {govuk_date(self.due_on)} to {self.recipient_id}"

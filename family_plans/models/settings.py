"""Timings the system administrator sets, without a code change: the review interval and
when each reminder falls due. One row, edited in the admin pages."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class PlanSettings(models.Model):
    review_interval_weeks = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text="Weeks between plan reviews: the default next review date after a plan is "
        "agreed or reviewed, or a Team Around the Family meeting is held.",
    )
    review_notice_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MaxValueValidator(60)],
        help_text="Remind the lead practitioner this many days before a review is due.",
    )
    meeting_notice_days = models.PositiveSmallIntegerField(
        default=2,
        validators=[MaxValueValidator(14)],
        help_text="Remind the people invited this many days before a meeting.",
    )
    assessment_working_days = models.PositiveSmallIntegerField(
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Working days after allocation by which the assessment should be signed off.",
    )
    first_star_reading_days = models.PositiveSmallIntegerField(
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="Days after allocation by which the first Outcome Star reading is due.",
    )
    star_reading_interval_days = models.PositiveSmallIntegerField(
        default=84,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text="Days between Outcome Star readings after the first (12 weeks is 84 days).",
    )
    consent_review_notice_days = models.PositiveSmallIntegerField(
        default=14,
        validators=[MaxValueValidator(90)],
        help_text="Remind the lead practitioner this many days before consent is due for review.",
    )
    no_contact_days = models.PositiveSmallIntegerField(
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="Remind the lead practitioner when no contact (case note) has been recorded "
        "for this many days.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "plan and reminder settings"
        verbose_name_plural = "plan and reminder settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="plan_settings_one_row")
        ]

    def __str__(self) -> str:
        return "Plan and reminder settings"

    @classmethod
    def current(cls) -> PlanSettings:
        """The settings row, or the defaults when none has been saved."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

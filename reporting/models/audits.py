"""Multi-agency case file audits: a quality framework of questions, audits of a sample
of cases against it, a grade per question and overall, actions for the lead
practitioner and what was learnt. Completed audits feed scorecard measure Q5.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import Case
from earlyhelp.templatetags.govuk import govuk_date
from partners.models import Agency, FamilyHub, Zone


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


GOOD_OR_BETTER = frozenset({Grade.OUTSTANDING, Grade.GOOD})


@pghistory.track()
class AuditFramework(models.Model):
    """The questions a case file audit asks (the partnership's quality framework)."""

    name = models.CharField(max_length=160, unique=True)
    description = models.TextField(blank=True, default="")
    is_current = models.BooleanField(default=False, help_text="New audits use this framework.")

    class Meta:
        ordering = ["-is_current", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="audit_framework_one_current",
            )
        ]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class AuditQuestion(models.Model):
    framework = models.ForeignKey(
        AuditFramework, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, default="", help_text="What good looks like.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="audit_question_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class AuditSample(models.Model):
    """The cases a manager picked to audit together, and how they were picked."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(
        max_length=10, choices=[("random", "Random"), ("criteria", "By criteria")]
    )
    criteria = models.JSONField(default=dict, blank=True)
    description = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.description or f"Sample of {govuk_date(self.created_at.date())}"


class AuditStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class CaseAudit(models.Model):
    """One case audited against the framework. Its place (zone, hub, lead agency) is kept
    as it was when the audit was completed, so Q5 does not move when the case does."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="file_audits")
    framework = models.ForeignKey(AuditFramework, on_delete=models.PROTECT, related_name="audits")
    sample = models.ForeignKey(
        AuditSample, on_delete=models.SET_NULL, null=True, blank=True, related_name="audits"
    )
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=AuditStatus.choices, default=AuditStatus.IN_PROGRESS
    )
    overall_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True, default="")
    summary = models.TextField(blank=True, default="", help_text="The auditor's overall view.")
    learning = models.TextField(blank=True, default="", help_text="What the partnership can learn.")
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    family_hub = models.ForeignKey(
        FamilyHub, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["status", "completed_on"])]

    def __str__(self) -> str:
        return f"Audit of {self.case}"

    @property
    def is_completed(self) -> bool:
        return self.status == AuditStatus.COMPLETED


class CaseAuditAnswer(models.Model):
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=24, choices=Grade.choices, blank=True, default="")
    comment = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["audit", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="audit_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.grade}"


class CaseAuditAction(models.Model):
    """Something the lead practitioner should do because of the audit."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField()
    due_on = models.DateField(null=True, blank=True)
    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["audit", "id"]

    def __str__(self) -> str:
        return self.text[:60]

"""The Early Help Assessment: one whole-family assessment per case, kept as versions.

A version moves draft -> submitted -> signed off, or is returned to draft with the
manager's comments. A signed-off version never changes again; a reassessment is a
new version copied from the last one. Content lives in sections (one per child, one
per adult, the family and environment, the family's view, consent, headline problems,
analysis), each saved on its own page with its own version number, so two people
can work on different sections at once and never silently overwrite each other on
the same one.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models.reference import HeadlineProblem, NeedLevel, OutcomeFramework
from cases.models import Case, Person
from partners.models import Agency


class AssessmentState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    SIGNED_OFF = "signed_off", "Signed off"


class AssessmentSource(models.TextChoices):
    RECORDED = "recorded", "Recorded here"
    IMPORTED = "imported", "Recorded elsewhere and entered here"


@pghistory.track()
class Assessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    number = models.PositiveSmallIntegerField(help_text="Version: 1 for the first assessment.")
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        help_text="The signed-off version this reassessment was copied from.",
    )
    state = models.CharField(
        max_length=12, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    source = models.CharField(
        max_length=10, choices=AssessmentSource.choices, default=AssessmentSource.RECORDED
    )
    framework = models.ForeignKey(
        OutcomeFramework, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    need_level = models.ForeignKey(
        NeedLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The organisation completing the assessment (Annex A List 2): the case's lead
    # agency when the version was started, kept even if the lead later changes.
    organisation = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments_completed",
        verbose_name="organisation completing the assessment",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Optimistic locking: bumped by every change, so "check your answers" cannot submit
    # answers that someone changed after the page was shown.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="assessment_version_number"),
            models.UniqueConstraint(
                fields=["case"],
                condition=~models.Q(state="signed_off"),
                name="assessment_one_open_version_per_case",
            ),
        ]
        indexes = [models.Index(fields=["case", "state", "-number"])]

    def __str__(self) -> str:
        return f"Assessment {self.number} for {self.case}"

    @property
    def is_draft(self) -> bool:
        return self.state == AssessmentState.DRAFT

    @property
    def is_signed_off(self) -> bool:
        return self.state == AssessmentState.SIGNED_OFF


class SectionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


@pghistory.track()
class AssessmentSection(models.Model):
    """One section's answers. A section nobody has saved yet has no row ('not started')."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=40, help_text="e.g. 'child-12', 'family', 'analysis'.")
    kind = models.CharField(max_length=20)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=12, choices=SectionStatus.choices, default=SectionStatus.IN_PROGRESS
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "key"], name="assessment_section_key"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.key}"


class ReviewDecision(models.TextChoices):
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned with comments"


class AssessmentReview(models.Model):
    """A manager's decision on a submitted assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=12, choices=ReviewDecision.choices)
    comments = models.TextField(blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reviewed_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.assessment}"


class AssessmentProblem(models.Model):
    """A headline problem the assessment found, with its evidence and when it was identified.

    Written from the assessment's 'headline problems' section whenever it is saved, so
    the rows always match what the section says.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="problems")
    headline = models.ForeignKey(HeadlineProblem, on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField(blank=True, default="")
    identified_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "headline__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "headline"], name="assessment_problem_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.headline} ({self.assessment})"


class ProgressStatus(models.TextChoices):
    NO_PROGRESS = "no_progress", "No progress yet"
    SOME_PROGRESS = "some_progress", "Some progress"
    SIGNIFICANT = "significant", "Significant progress"
    SUSTAINED = "sustained", "Significant and sustained progress"
    WORSE = "worse", "Got worse"


class ProblemProgress(models.Model):
    """Progress against a headline problem of the case, recorded over time.

    Kept beside the assessment rather than in it: a signed-off assessment never changes,
    while progress is recorded at reviews and after closure.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="problem_progress")
    headline = models.ForeignKey(HeadlineProblem, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ProgressStatus.choices)
    note = models.TextField(blank=True, default="")
    recorded_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["case", "headline", "-recorded_on", "-id"]
        indexes = [models.Index(fields=["case", "headline", "-recorded_on"])]

    def __str__(self) -> str:
        return f"{self.headline}: {self.get_status_display()}"

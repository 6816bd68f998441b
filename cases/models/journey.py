"""The journey of an allocated case: who leads it and when, step-downs from social care,
step-across to the multi-agency child protection team, closure, and the family's voice.

Each row is written by one service in cases/services.py or cases/journey.py, never edited
by hand; these are the facts the scorecard, the Children in Need census and the
family's record are later built from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.cases import Case
from cases.models.reference import NeedLevel
from cases.models.team import CaseTeamMember
from cases.workflow_states import ClosureReason
from partners.models import Agency


class LeadPractitionerAssignment(models.Model):
    """One lead practitioner's period on a case: who, for which agency, from, until, why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lead_history")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lead_assignments"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, default="", help_text="Why this person leads it.")
    family_preference = models.TextField(
        blank=True,
        default="",
        help_text="What the family said about who they would like to work with.",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(blank=True, default="")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ended_at__isnull=True),
                name="lead_assignment_one_current",
            )
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} leads {self.case}"


class StepDown(models.Model):
    """A family stepped down from children's social care to early help / Family Help."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="step_down")
    social_care_reference = models.CharField(
        max_length=40, help_text="The social care episode's reference."
    )
    social_care_closed_on = models.DateField(
        null=True, blank=True, help_text="When social care closed its episode."
    )
    summary = models.TextField(help_text="Why the family steps down, and what help is needed.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Step-down {self.social_care_reference} to {self.case}"


class StepAcross(models.Model):
    """The case stepped across to the multi-agency child protection team.

    The lead child protection practitioner joins the Team Around the Family; the
    family help lead practitioner keeps working with the family.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps_across")
    team_member = models.OneToOneField(
        CaseTeamMember, on_delete=models.PROTECT, related_name="step_across"
    )
    stepped_across_on = models.DateField()
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stepped_across_on", "id"]
        verbose_name_plural = "steps across"

    def __str__(self) -> str:
        return f"{self.case} stepped across on {self.stepped_across_on}"


class FeedbackKind(models.TextChoices):
    REVIEW = "review", "At a review"
    CLOSURE = "closure", "At closure"


class FamilyFeedback(models.Model):
    """What the family said about the help and about working with their lead practitioner.

    Recorded at closure ("was the help timely and helpful?") and at reviews (family
    plans record those through cases.services.family_feedback_record).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="family_feedback")
    kind = models.CharField(max_length=10, choices=FeedbackKind.choices)
    timely_and_helpful = models.BooleanField(
        null=True, blank=True, help_text="Blank when the family did not answer."
    )
    comments = models.TextField(blank=True, default="", help_text="In the family's words.")
    about_lead_practitioner = models.TextField(
        blank=True,
        default="",
        help_text="What the family said about working with their lead practitioner.",
    )
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    given_on = models.DateField(default=timezone.localdate)
    reference = models.CharField(
        max_length=60,
        blank=True,
        default="",
        help_text="What it was given at, e.g. 'family_plans.PlanReview:12'.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name_plural = "family feedback"
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} feedback on {self.case}"


class ClosureStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting sign-off"
    RETURNED = "returned", "Returned by the manager"
    SIGNED_OFF = "signed_off", "Signed off"


class ClosureProposal(models.Model):
    """A lead practitioner's proposal to close, and the manager's decision on it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="closure_proposals")
    status = models.CharField(
        max_length=12, choices=ClosureStatus.choices, default=ClosureStatus.PROPOSED
    )
    reason = models.CharField(max_length=20, choices=ClosureReason.choices)
    reason_detail = models.TextField(blank=True, default="")
    exit_plan = models.TextField(help_text="What the family will do to keep things going.")
    exit_support = models.TextField(help_text="Where the family can get help from now on.")
    closing_level = models.ForeignKey(NeedLevel, on_delete=models.PROTECT, related_name="+")
    feedback = models.OneToOneField(
        FamilyFeedback, on_delete=models.PROTECT, null=True, blank=True, related_name="closure"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    manager_comments = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["proposed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="proposed"),
                name="closure_one_open_proposal",
            )
        ]

    def __str__(self) -> str:
        return f"Closure of {self.case}: {self.get_status_display()}"

"""The family plan: what the family wants, what everyone will do, and how it is reviewed.

One living plan per case. Its outcomes are what the family wants, in their own words,
each linked to needs and headline problems of the assessment; its actions are SMART
steps with an owner (a named worker, an agency on the Team Around the Family, or a
family member), start and due dates and a status. Agreeing the plan with the family, or
changing it at a meeting, keeps a version: a snapshot of the whole plan as agreed, so
earlier versions can always be read as they were. Reviews record progress per action
and whether progress was made at all (drift is counted from reviews without progress).

Every row carries a version number for optimistic locking: a change made from a stale
page is refused, never silently written over someone else's.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from assessments.models import HeadlineProblem
from cases.models import Case, Person
from earlyhelp.templatetags.govuk import govuk_date
from partners.models import Agency


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft: not yet agreed"
    AGREED = "agreed", "Agreed"
    CHANGED = "changed", "Changed since it was agreed"


@pghistory.track()
class FamilyPlan(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="family_plan")
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    children_views = models.TextField(
        blank=True,
        default="",
        help_text="What the children say about the plan, in their own words.",
    )
    next_review_on = models.DateField(null=True, blank=True)
    agreed_version = models.PositiveSmallIntegerField(
        default=0, help_text="The number of the latest agreed version (0: never agreed)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    # Bumped by every change to the plan or its rows: agreeing a plan checks it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        indexes = [models.Index(fields=["next_review_on"])]

    def __str__(self) -> str:
        return f"Family plan for {self.case}"


class OutcomeStatus(models.TextChoices):
    ACTIVE = "active", "Working towards it"
    ACHIEVED = "achieved", "Achieved"
    REMOVED = "removed", "No longer part of the plan"


@pghistory.track()
class PlanOutcome(models.Model):
    """Something the family wants to be different, in their words."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField()
    wanted = models.TextField(help_text="What the family wants, in their own words.")
    whose_words = models.CharField(
        max_length=200, blank=True, default="", help_text="Who said it, e.g. 'Grace (mum)'."
    )
    success_looks_like = models.TextField(
        blank=True, default="", help_text="How everyone will know it has happened."
    )
    need_keys = ArrayField(
        models.CharField(max_length=40),
        default=list,
        blank=True,
        help_text="Assessed needs it answers, by section key ('child-12', 'family').",
    )
    headline_problems = models.ManyToManyField(HeadlineProblem, blank=True, related_name="+")
    status = models.CharField(
        max_length=10, choices=OutcomeStatus.choices, default=OutcomeStatus.ACTIVE
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_outcome_number"),
        ]

    def __str__(self) -> str:
        return f"Outcome {self.number}: {self.wanted[:60]}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_ACTION_STATUSES = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})


class OwnerKind(models.TextChoices):
    WORKER = "worker", "A named worker"
    AGENCY = "agency", "An agency on the Team Around the Family"
    FAMILY = "family", "A family member"


@pghistory.track()
class PlanAction(models.Model):
    """A SMART step towards an outcome: who does what, from when, by when."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="actions")
    outcome = models.ForeignKey(PlanOutcome, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveSmallIntegerField()
    what = models.TextField(help_text="What will be done, specifically enough to know it is done.")
    owner_kind = models.CharField(max_length=10, choices=OwnerKind.choices)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    owner_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_actions"
    )
    start_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    dropped_reason = models.TextField(blank=True, default="")
    completed_on = models.DateField(null=True, blank=True)
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
        help_text="The service in the directory the action uses, if any.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_action_number"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("start_on")),
                name="plan_action_due_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        owner_kind=OwnerKind.WORKER,
                        owner_user__isnull=False,
                        owner_agency__isnull=True,
                        owner_person__isnull=True,
                    )
                    | models.Q(
                        owner_kind=OwnerKind.AGENCY,
                        owner_user__isnull=True,
                        owner_agency__isnull=False,
                        owner_person__isnull=True,
                    )
                    | models.Q(
                        owner_kind=OwnerKind.FAMILY,
                        owner_user__isnull=True,
                        owner_agency__isnull=True,
                        owner_person__isnull=False,
                    )
                ),
                name="plan_action_one_owner",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ActionStatus.DROPPED) | ~models.Q(dropped_reason=""),
                name="plan_action_dropped_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Action {self.number}: {self.what[:60]}"

    @property
    def owner_label(self) -> str:
        if self.owner_kind == OwnerKind.WORKER and self.owner_user is not None:
            return self.owner_user.full_name
        if self.owner_kind == OwnerKind.AGENCY and self.owner_agency is not None:
            return self.owner_agency.name
        if self.owner_kind == OwnerKind.FAMILY and self.owner_person is not None:
            return self.owner_person.full_name
        return ""

    @property
    def owner_key(self) -> str:
        """The owner as the forms write it: 'worker:12', 'agency:3', 'family:7'."""
        owner_id = {
            OwnerKind.WORKER: self.owner_user_id,
            OwnerKind.AGENCY: self.owner_agency_id,
            OwnerKind.FAMILY: self.owner_person_id,
        }.get(OwnerKind(self.owner_kind))
        return f"{self.owner_kind}:{owner_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.is_open and self.due_on < day


class PlanVersion(models.Model):
    """The plan as agreed with the family: a snapshot that never changes."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    agreed_on = models.DateField()
    agreed_at = models.DateTimeField(default=timezone.now)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_with = models.CharField(
        max_length=300, blank=True, default="", help_text="Who agreed it: family members present."
    )
    summary = models.TextField(blank=True, default="", help_text="What changed, and why.")
    meeting = models.ForeignKey(
        "family_plans.TafMeeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_versions",
    )
    snapshot = models.JSONField(default=dict)
    child_voice_recorded = models.BooleanField(
        default=False,
        help_text="The plan as agreed carries the children's wishes and feelings in their words.",
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.plan}"


class PlanReview(models.Model):
    """A review of the plan: progress on each action, and whether things moved at all."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="reviews")
    meeting = models.OneToOneField(
        "family_plans.TafMeeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review",
    )
    reviewed_on = models.DateField()
    progress_made = models.BooleanField(help_text="Did the family's situation move forward?")
    note = models.TextField(help_text="Progress since the last review.")
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "-reviewed_on", "-id"]
        indexes = [models.Index(fields=["plan", "-reviewed_on"])]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {govuk_date(self.reviewed_on)}"


class ActionProgress(models.Model):
    """One action's progress at a review."""

    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="progress")
    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="progress")
    previous_status = models.CharField(max_length=12, choices=ActionStatus.choices)
    status = models.CharField(max_length=12, choices=ActionStatus.choices)
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["review", "action__number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "action"], name="action_progress_once"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"

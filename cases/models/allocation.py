"""The weekly multi-agency allocation meeting of a zone or family hub.

Its agenda is built from the cases waiting for allocation there (cases/allocation.py
holds the agenda sources); each agenda item carries the meeting's decision about its
case: allocate (lead agency and practitioner, the family's preference, the level of
need, the case type), defer with a reason, or close with no further action or a
signpost. Decisions change the case through cases.services in one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.cases import Case
from cases.models.reference import CaseType, NeedLevel
from earlyhelp.templatetags.govuk import govuk_date
from partners.models import Agency, FamilyHub, Zone


class AllocationMeeting(models.Model):
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="allocation_meetings"
    )
    family_hub = models.ForeignKey(
        FamilyHub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocation_meetings",
    )
    held_on = models.DateField()
    starts_at = models.TimeField(null=True, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="+", help_text="Agencies represented at the meeting."
    )
    notes = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(zone__isnull=False) & models.Q(family_hub__isnull=True))
                | (models.Q(zone__isnull=True) & models.Q(family_hub__isnull=False)),
                name="allocation_meeting_zone_or_hub",
            )
        ]
        indexes = [models.Index(fields=["zone", "held_on"])]

    def __str__(self) -> str:
        return f"Allocation meeting, {self.place_name}, {govuk_date(self.held_on)}"

    @property
    def not_yet_held(self) -> bool:
        """Planned for a later day: its decisions cannot be recorded yet."""
        return self.held_on > timezone.localdate()

    @property
    def place_name(self) -> str:
        if self.family_hub is not None:
            return self.family_hub.name
        return f"{self.zone.name} zone" if self.zone is not None else ""


class AllocationMeetingAttendee(models.Model):
    """A person present at the meeting."""

    meeting = models.ForeignKey(
        AllocationMeeting, on_delete=models.CASCADE, related_name="attendees"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True, default="")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    PENDING = "pending", "Not decided yet"
    ALLOCATE = "allocate", "Allocate"
    DEFER = "defer", "Defer to a later meeting"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOST = "signpost", "Signpost to other services"


CLOSING_DECISIONS = frozenset({Decision.NO_FURTHER_ACTION, Decision.SIGNPOST})


class AllocationItem(models.Model):
    """One case on a meeting's agenda, and what the meeting decided about it."""

    meeting = models.ForeignKey(AllocationMeeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="allocation_items")
    source = models.CharField(
        max_length=40, help_text="The agenda source that put it there (cases/allocation.py)."
    )
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.PENDING)
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    family_preference = models.TextField(blank=True, default="")
    need_level = models.ForeignKey(
        NeedLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case_type = models.ForeignKey(
        CaseType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True, default="")
    over_limit = models.BooleanField(
        default=False, help_text="The lead practitioner was over their case limit when allocated."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking of the decision: two coordinators cannot both decide.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="allocation_item_once")
        ]
        indexes = [models.Index(fields=["case", "decision"])]

    def __str__(self) -> str:
        return f"{self.case} at {self.meeting}"

    @property
    def is_decided(self) -> bool:
        return self.decision != Decision.PENDING

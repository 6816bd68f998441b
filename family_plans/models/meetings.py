"""Team Around the Family meetings and family network meetings (the events).

Who is on the Team Around the Family lives in cases/ (access depends on it); the
meetings live here. A TAF meeting is scheduled, its invitations go out by email with a
calendar file whose UID never changes and whose SEQUENCE goes up with every change (so
calendars update the event rather than adding another), it is held and minuted, and
the plan changes agreed at it become a new version of the plan.

Family network meetings (family group decision making) bring together the family's own
network — relatives, friends, connected people — with an independent facilitator; the
family makes its own plan in private family time. The Children in Need census asks for
the date the meeting was offered (FGDMMeetingOffer) and the date it was facilitated
(FGDMMeetingFac).
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models import Case, Person
from earlyhelp.templatetags.govuk import govuk_date
from partners.models import Agency


def new_calendar_uid() -> str:
    domain = getattr(settings, "CALENDAR_UID_DOMAIN", "earlyhelp.example.gov.uk")
    return f"taf-{uuid.uuid4()}@{domain}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


@pghistory.track()
class TafMeeting(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="taf_meetings")
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True, default="")
    online_link = models.URLField(max_length=500, blank=True, default="")
    # The calendar event: the UID never changes; SEQUENCE goes up with each change.
    uid = models.CharField(max_length=200, unique=True, default=new_calendar_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True, default="")
    # What happened, recorded after the meeting.
    family_views = models.TextField(blank=True, default="")
    child_views = models.TextField(blank=True, default="")
    minutes = models.TextField(blank=True, default="")
    decisions = models.TextField(blank=True, default="")
    next_review_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "starts_at", "id"]
        verbose_name = "Team Around the Family meeting"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="taf_meeting_ends_later"
            ),
        ]
        indexes = [
            models.Index(fields=["case", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"TAF meeting for {self.case} on {govuk_date(self.starts_at)}"

    @property
    def is_scheduled(self) -> bool:
        return self.status == MeetingStatus.SCHEDULED

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class InviteeKind(models.TextChoices):
    WORKER = "worker", "Worker"
    AGENCY = "agency", "Agency"
    FAMILY = "family", "Family member"
    OTHER = "other", "Someone else"


class Attendance(models.TextChoices):
    NOT_RECORDED = "", "Not recorded"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class MeetingInvitee(models.Model):
    """Someone invited: a worker, an agency (its shared inbox), a family member, or anyone."""

    meeting = models.ForeignKey(TafMeeting, on_delete=models.CASCADE, related_name="invitees")
    kind = models.CharField(max_length=10, choices=InviteeKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    organisation = models.CharField(
        max_length=200, blank=True, default="", help_text="Agency, or relationship to the family."
    )
    email = models.EmailField(blank=True, default="")
    attendance = models.CharField(
        max_length=16, choices=Attendance.choices, blank=True, default=Attendance.NOT_RECORDED
    )
    # The SEQUENCE of the last invitation emailed to them (-1: none yet).
    sent_sequence = models.IntegerField(default=-1)
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="Taken off the invitation list (sent a cancellation)."
    )
    cancellation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="invitee_worker_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=models.Q(person__isnull=False),
                name="invitee_family_member_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "agency"],
                condition=models.Q(kind="agency"),
                name="invitee_agency_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def is_current(self) -> bool:
        return self.removed_at is None


class OfferResponse(models.TextChoices):
    AWAITING = "awaiting", "Waiting for the family's answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


@pghistory.track()
class FamilyNetworkMeeting(models.Model):
    """A family network meeting (family group decision making) offered to the family."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="network_meetings")
    offered_on = models.DateField(help_text="The date the meeting was offered (FGDMMeetingOffer).")
    response = models.CharField(
        max_length=10, choices=OfferResponse.choices, default=OfferResponse.AWAITING
    )
    response_on = models.DateField(null=True, blank=True)
    declined_reason = models.TextField(blank=True, default="")
    facilitator_name = models.CharField(max_length=200, blank=True, default="")
    facilitator_organisation = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="The independent coordinator's service (not the lead practitioner's team).",
    )
    facilitated_on = models.DateField(
        null=True, blank=True, help_text="The date the meeting was held (FGDMMeetingFac)."
    )
    private_family_time = models.BooleanField(
        null=True, blank=True, help_text="Did the family have private time to make its plan?"
    )
    family_plan = models.TextField(
        blank=True, default="", help_text="The family's own plan, from private family time."
    )
    outcome = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["case", "offered_on", "id"]
        verbose_name = "family network meeting"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(facilitated_on__isnull=True)
                | models.Q(facilitated_on__gte=models.F("offered_on")),
                name="network_meeting_held_after_offer",
            ),
        ]
        indexes = [models.Index(fields=["case", "offered_on"])]

    def __str__(self) -> str:
        return f"Family network meeting for {self.case} offered {govuk_date(self.offered_on)}"

    @property
    def is_held(self) -> bool:
        return self.facilitated_on is not None


class NetworkRelationship(models.TextChoices):
    RELATIVE = "relative", "Relative"
    FRIEND = "friend", "Friend"
    CONNECTED = "connected", "Connected person (neighbour, faith or community member)"
    PROFESSIONAL = "professional", "Professional"


class NetworkMember(models.Model):
    """Someone from the family's network invited to a family network meeting."""

    meeting = models.ForeignKey(
        FamilyNetworkMeeting, on_delete=models.CASCADE, related_name="network"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=12, choices=NetworkRelationship.choices)
    relationship_detail = models.CharField(
        max_length=200, blank=True, default="", help_text="e.g. 'maternal grandmother'."
    )
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"

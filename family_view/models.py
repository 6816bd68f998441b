"""The family's own access to their case: who may sign in, their sign-in links and
codes, and what they add (their views before a review or meeting).

A family member is not a member of staff. Each access carries a `User` row of its own,
closed (inactive, no password, an address under the reserved `.invalid` domain), that
exists only so the family member can be named as the actor of the records and audit
entries they cause: it can never sign in through the staff pages or single sign-on,
and their real email address and mobile number stay here, on the access.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, HouseholdMember, Person


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("By email")
    TEXT = "text", _("By text message")


class FamilyAccessQuerySet(models.QuerySet["FamilyAccess"]):
    def current(self, on: dt.date | None = None) -> FamilyAccessQuerySet:
        """Not withdrawn, still in the family's household, and the case open or closed no
        more than the grace period ago."""
        on = on or timezone.localdate()
        cutoff = on - dt.timedelta(days=settings.FAMILY_ACCESS_AFTER_CLOSURE_DAYS)
        in_household = HouseholdMember.objects.filter(
            family=models.OuterRef("case__family"), person=models.OuterRef("person")
        ).filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=on))
        return (
            self.filter(withdrawn_at__isnull=True)
            .filter(models.Q(case__closed_on__isnull=True) | models.Q(case__closed_on__gte=cutoff))
            .filter(models.Exists(in_household))
        )


class FamilyAccess(models.Model):
    """One family member's access to one case, given by the lead practitioner."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="family_accesses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="family_accesses")
    actor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_access"
    )
    email = models.EmailField(max_length=254)
    mobile = models.CharField(max_length=20, blank=True, default="")
    code_channel = models.CharField(
        max_length=5, choices=CodeChannel.choices, default=CodeChannel.EMAIL
    )
    # A young person (13 to 17) is invited only with their own agreement; what the adults
    # agreed they may see beyond what concerns them is kept here.
    is_young_person = models.BooleanField(default=False)
    young_person_agreed = models.BooleanField(default=False)
    shares_plan = models.BooleanField(default=True)
    shares_star = models.BooleanField(default=True)
    shares_meetings = models.BooleanField(default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)
    last_signed_in_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True, default="")

    objects = FamilyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="family_access_one_current_per_person",
            )
        ]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"{self.person} on {self.case}"

    def ends_on(self) -> dt.date | None:
        if self.case.closed_on is None:
            return None
        return self.case.closed_on + dt.timedelta(days=settings.FAMILY_ACCESS_AFTER_CLOSURE_DAYS)

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        ends = self.ends_on()
        return self.withdrawn_at is None and (ends is None or on <= ends)


class SignInLink(models.Model):
    """An emailed link that works once, followed by a six-digit code.

    The link's token is `<id>.<HMAC of the id and nonce>` (never stored); the code is
    kept only as a hash, expires in minutes and allows a few tries.
    """

    access = models.ForeignKey(FamilyAccess, on_delete=models.CASCADE, related_name="links")
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    code_hash = models.CharField(max_length=128, blank=True, default="")
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Sign-in link {self.pk} for {self.access_id}"


class FamilyContribution(models.Model):
    """The family's own words before a review or Team Around the Family meeting."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="family_contributions")
    access = models.ForeignKey(FamilyAccess, on_delete=models.PROTECT, related_name="contributions")
    meeting = models.ForeignKey(
        "family_plans.TafMeeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="family_contributions",
        help_text="The meeting coming up when it was written.",
    )
    text = models.TextField()
    added_at = models.DateTimeField(default=timezone.now)
    brought_into_minutes_at = models.DateTimeField(null=True, blank=True)
    brought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-added_at", "-id"]

    def __str__(self) -> str:
        return f"The family's view on {self.case}"

"""Services in the directory, where they are, and the reminders to review them.

A service is a piece of local help a family can be pointed to: a parenting course, a
debt advice drop-in, a youth club. It is run by an agency of the partnership or by a
community group that is not one (named in `organisation_name`).
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils import timezone

from partners.models import Agency, FamilyHub, Zone
from partners.needs import NeedCategory

# An entry not reviewed for this many months is stale: its curators are reminded and
# pages say so.
REVIEW_AFTER_MONTHS = 6


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier, if negative), kept inside short months."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class Cost(models.TextChoices):
    FREE = "free", "Free"
    LOW_COST = "low_cost", "Low cost"
    PAID = "paid", "Paid"


class ReferralRoute(models.TextChoices):
    SELF = "self", "Families can contact the service themselves"
    PROFESSIONAL = "professional", "A professional must refer"
    EITHER = "either", "Families or professionals"


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(status=ServiceStatus.ACTIVE)

    def public(self) -> ServiceQuerySet:
        """What the public page may show: active services marked public."""
        return self.active().filter(is_public=True)

    def stale(self, *, on: dt.date | None = None) -> ServiceQuerySet:
        """Not reviewed for six months or more on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(last_reviewed_on__lte=months_later(on, -REVIEW_AFTER_MONTHS))


class Service(models.Model):
    """One service in the directory, with what it helps with, for whom, where and how."""

    name = models.CharField(max_length=200)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directory_services",
        help_text="The partnership agency that runs it; blank for a community group.",
    )
    organisation_name = models.CharField(
        max_length=200, help_text="Who runs it, as families know them."
    )
    description = models.TextField()
    needs = ArrayField(
        models.CharField(max_length=30, choices=NeedCategory.choices),
        default=list,
        help_text="The needs it helps with (the vocabulary of enquiries and plans).",
    )
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    eligibility = models.TextField(blank=True, default="")
    cost = models.CharField(max_length=10, choices=Cost.choices, default=Cost.FREE)
    cost_detail = models.CharField(max_length=200, blank=True, default="")
    zones = models.ManyToManyField(
        Zone,
        blank=True,
        related_name="directory_services",
        help_text="Zones it serves; none means the whole borough.",
    )
    family_hub = models.ForeignKey(
        FamilyHub,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_services",
        help_text="The family hub it runs from or with, if any.",
    )
    venue = models.CharField(max_length=200, blank=True, default="")
    address = models.CharField(max_length=300, blank=True, default="")
    postcode = models.CharField(max_length=10, blank=True, default="")
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    opening_times = models.TextField(blank=True, default="")
    contact_name = models.CharField(max_length=200, blank=True, default="")
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=40, blank=True, default="")
    website = models.URLField(blank=True, default="")
    referral_route = models.CharField(
        max_length=12, choices=ReferralRoute.choices, default=ReferralRoute.EITHER
    )
    referral_detail = models.TextField(blank=True, default="")
    is_public = models.BooleanField(
        default=True, help_text="Shown on the public page families use without signing in."
    )
    status = models.CharField(
        max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    last_reviewed_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    # Weighted: a word in the name counts most, then the needs' labels and the organisation,
    # then the description. Kept by PostgreSQL itself, so bulk imports stay searchable.
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("name", weight="A", config="english")
            + SearchVector("organisation_name", weight="B", config="english")
            + SearchVector("description", weight="C", config="english")
            + SearchVector("eligibility", "venue", weight="D", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="service_search_vector"),
            GinIndex(fields=["needs"], name="service_needs"),
            models.Index(fields=["status", "is_public", "name"], name="service_listing"),
            models.Index(fields=["last_reviewed_on"], name="service_last_reviewed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(max_age__gte=models.F("min_age")),
                name="service_age_range_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def review_due_on(self) -> dt.date:
        return months_later(self.last_reviewed_on, REVIEW_AFTER_MONTHS)

    def is_stale_on(self, day: dt.date) -> bool:
        return self.review_due_on <= day

    @property
    def is_stale(self) -> bool:
        return self.is_stale_on(timezone.localdate())

    @property
    def ages_label(self) -> str:
        if self.min_age is None and self.max_age is None:
            return "All ages"
        if self.max_age is None:
            return f"{self.min_age} and over"
        if self.min_age is None or self.min_age == 0:
            return f"Up to {self.max_age}"
        return f"{self.min_age} to {self.max_age}"

    @property
    def need_labels(self) -> list[str]:
        return [NeedCategory(n).label for n in self.needs if n in NeedCategory.values]


class PostcodeLocation(models.Model):
    """The centre of a postcode district or sector ("NB1", "NB1 4"), to measure distance.

    The longest prefix that matches a postcode gives its point, as PostcodeArea gives
    its family hub. Loaded from the ONS postcode directory's centroids (or the demo's).
    """

    prefix = models.CharField(max_length=8, unique=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)

    class Meta:
        ordering = ["prefix"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.latitude}, {self.longitude})"


class ServiceReviewReminder(models.Model):
    """A review reminder sent for one service and one review date: each is sent once."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reminders")
    reviewed_on = models.DateField(help_text="The last review the reminder was about.")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "reviewed_on"], name="service_review_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"Review reminder for {self.service} (reviewed {self.reviewed_on})"

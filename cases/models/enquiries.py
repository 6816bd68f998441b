"""Front-door enquiries (requests for support)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from cases.codes import ContactSource
from cases.models.cases import Case
from cases.models.families import Family, Person
from partners.models import Agency
from partners.needs import NeedCategory

# The shared vocabulary of needs (partners/needs.py), under the front door's name.
ConcernCategory = NeedCategory


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine"
    URGENT = "urgent", "Urgent: the family needs help within days"


class FamilyConsent(models.TextChoices):
    GIVEN = "given", "Yes, the family knows and agrees"
    KNOWS_NOT_AGREED = "knows_not_agreed", "The family knows but has not agreed"
    NOT_TOLD = "not_told", "No, the family has not been told"


class Enquiry(models.Model):
    """A request for support made at the front door by a partner, or for the family."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="enquiry")
    received_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enquiries_raised"
    )
    raised_by_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="enquiries_raised"
    )
    on_behalf_of = models.CharField(
        max_length=200,
        blank=True,
        default="",
        help_text="When a coordinator records an enquiry made by someone else (the family "
        "itself, a neighbour, an anonymous caller): who made it.",
    )
    contact_source = models.CharField(
        max_length=3,
        choices=ContactSource.choices,
        blank=True,
        default=ContactSource.UNKNOWN,
        help_text="Blank when the raising agency's kind has no contact source mapping.",
    )
    children = models.ManyToManyField(
        Person, related_name="enquiries", blank=True, help_text="The children the enquiry is about."
    )
    concern_categories = ArrayField(
        models.CharField(max_length=30, choices=ConcernCategory.choices), default=list
    )
    concerns = models.TextField(help_text="What the concerns and needs are.")
    tried_before = models.TextField(blank=True, default="")
    family_consent = models.CharField(max_length=20, choices=FamilyConsent.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    possible_duplicates = models.ManyToManyField(
        Family,
        related_name="+",
        blank=True,
        help_text="Existing families that matched but the person raising the enquiry could "
        "not see: for the front door to check at screening.",
    )

    class Meta:
        verbose_name_plural = "enquiries"
        ordering = ["-received_at"]
        indexes = [
            # The front door sorts and filters its waiting cases by their enquiry's
            # receipt and urgency, looked up case by case: read from the index alone,
            # never the table (22 to 18 ms for a zone's 4,400 waiting at 100,000).
            models.Index(
                fields=["case"], include=["received_at", "urgency"], name="enquiry_received_by_case"
            ),
        ]

    def __str__(self) -> str:
        return f"Enquiry for {self.case}"


class ConflictResolution(models.TextChoices):
    SAME_PERSON = "same_person", "The same person: their records need joining"
    DIFFERENT_PEOPLE = "different", "Different people: the number was given in error"
    CORRECTED = "corrected", "The number has been corrected on the right record"


class IdentifierConflict(models.Model):
    """An identifier given for someone that is already recorded for a different person.

    When an NHS number typed at the front door (or in a correction of someone's record)
    belongs to a known person whose names or date of birth do not match, the person is
    kept without it and the conflict is kept here, a "possible duplicate person", for a
    coordinator's data-quality review. The person who typed it is never told that the
    number exists elsewhere: only that it needs checking.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    known_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    identifier_type = models.CharField(max_length=12)
    value = models.CharField(max_length=40)
    enquiry = models.ForeignKey(
        Enquiry,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="identifier_conflicts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # A coordinator's data-quality review of the possible duplicate person.
    resolution = models.CharField(
        max_length=20, choices=ConflictResolution.choices, blank=True, default=""
    )
    resolution_note = models.TextField(blank=True, default="")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.identifier_type} given for {self.person} is held by another person"

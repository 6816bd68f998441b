"""Families (households) and the people in them."""

from __future__ import annotations

import datetime as dt

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

from cases.codes import Ethnicity, Gender, Relationship, Sex
from partners.models import Agency, FamilyHub, Zone


def trigrams(field: str) -> OpClass:
    """A trigram index key on the upper-cased field, so `icontains` can use the index."""
    return OpClass(Upper(field), name="gin_trgm_ops")


@pghistory.track()
class Family(models.Model):
    """A household that early help works with. Its zone and hub follow its address."""

    name = models.CharField(
        max_length=200, help_text="How the household is known, e.g. 'the Khan family'."
    )
    address_line_1 = models.CharField(max_length=200, blank=True, default="")
    address_line_2 = models.CharField(max_length=200, blank=True, default="")
    town = models.CharField(max_length=100, blank=True, default="")
    postcode = models.CharField(max_length=10, blank=True, default="", db_index=True)
    uprn = models.CharField("UPRN", max_length=12, blank=True, default="")
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="families"
    )
    family_hub = models.ForeignKey(
        FamilyHub, on_delete=models.PROTECT, null=True, blank=True, related_name="families"
    )
    language = models.CharField("main language", max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "families"
        ordering = ["name", "id"]
        # Family search by name (`icontains`, which compares upper-cased text).
        indexes = [GinIndex(trigrams("name"), name="family_name_trgm")]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(
            p for p in (self.address_line_1, self.address_line_2, self.town, self.postcode) if p
        )


@pghistory.track()
class Person(models.Model):
    """A child or adult. The same person may belong to more than one household over time."""

    class DobAccuracy(models.TextChoices):
        EXACT = "exact", "Exact"
        ESTIMATED = "estimated", "Estimated"

    family_name = models.CharField(max_length=100)
    given_names = models.CharField(max_length=150)
    preferred_name = models.CharField(max_length=100, blank=True, default="")
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_accuracy = models.CharField(
        max_length=10, choices=DobAccuracy.choices, default=DobAccuracy.EXACT
    )
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child."
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.NOT_STATED)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    disability = models.TextField(
        blank=True, default="", help_text="Any disability, in the family's words."
    )
    has_disability = models.BooleanField(default=False)
    send = models.BooleanField("special educational needs or disability", default=False)
    school = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupils",
        limit_choices_to={"kind": "school"},
    )
    school_name = models.CharField(
        max_length=200, blank=True, default="", help_text="When the school is not a partner agency."
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking: every correction bumps it; a change made from a stale page is
    # refused (services.person_update), so two people never silently overwrite each other.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["family_name", "given_names", "id"]
        indexes = [
            models.Index(fields=["family_name", "date_of_birth"]),
            # Family search by name (`icontains`, which compares upper-cased text).
            GinIndex(trigrams("family_name"), name="person_family_name_trgm"),
            GinIndex(trigrams("given_names"), name="person_given_names_trgm"),
            GinIndex(trigrams("preferred_name"), name="person_preferred_name_trgm"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.given_names.split(" ")[0]

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, on: dt.date) -> int | None:
        """Whole years on a date; -1 for an unborn child (as Annex A counts it)."""
        if self.date_of_birth is None:
            return -1 if self.expected_date_of_birth else None
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def is_child_on(self, on: dt.date) -> bool:
        """Under 18, or under 25 with special educational needs or disability."""
        age = self.age_on(on)
        if age is None:
            return False
        return age < 18 or (self.send and age < 25)


@pghistory.track()
class PersonIdentifier(models.Model):
    """An identifier of a person in another system, valid for a period."""

    class Type(models.TextChoices):
        NHS_NUMBER = "nhs_number", "NHS number"
        UPN = "upn", "Unique pupil number"
        NI_NUMBER = "ni_number", "National Insurance number"
        LOCAL_ID = "local_id", "Local identifier"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    type = models.CharField(max_length=12, choices=Type.choices)
    value = models.CharField(max_length=40)
    valid_from = models.DateField(default=timezone.localdate)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["type", "value"],
                condition=models.Q(valid_until__isnull=True),
                name="identifier_current_value_unique",
            )
        ]
        indexes = [models.Index(fields=["type", "value"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.value}"


@pghistory.track()
class HouseholdMember(models.Model):
    """A person's place in a household, with their relationship to it, for a period."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="households")
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    is_main_carer = models.BooleanField(default=False)
    joined_on = models.DateField(default=timezone.localdate)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"],
                condition=models.Q(left_on__isnull=True),
                name="household_member_once",
            )
        ]
        indexes = [
            # Family search by a member's name: from the people found to their current
            # households, read from the index alone.
            models.Index(
                fields=["person"],
                include=["family"],
                condition=models.Q(left_on__isnull=True),
                name="household_current_by_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()}) in {self.family}"

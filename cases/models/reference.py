"""Reference data of case work that system administrators maintain in the admin.

- The continuum of need: one four-level scale the council names (universal,
  additional, multiple or complex, acute or specialist). Cases record the level at
  allocation and at closure (the vulnerability level); assessments record the level
  their analysis reached. One scale, kept here, so the three can be compared.
- Case types: the council's names for its kinds of episode ("Early help", "Family Help
  (section 17)"), chosen at allocation.
- Case limits: how many open cases a lead practitioner should hold, a default per
  role and an override per person. Allocation over the limit is warned, not refused.
- Contact sources: the Children in Need census source code an enquiry from each kind
  of agency is recorded with, so returns read codes stored at the source.
- Drift thresholds: when an open case counts as drifting (cases/drift.py).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from cases.codes import ContactSource
from partners.roles import AgencyKind, Role


class NeedLevel(models.Model):
    """A level on the council's continuum of need (names vary between councils)."""

    number = models.PositiveSmallIntegerField(
        unique=True, help_text="Position on the continuum: 1 is the lowest level of need."
    )
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "level of need"
        verbose_name_plural = "levels of need"

    def __str__(self) -> str:
        return f"{self.number}: {self.name}"


class CaseType(models.Model):
    """A kind of episode the service runs, chosen when a case is allocated."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True)
    is_default = models.BooleanField(
        default=False, help_text="Chosen when an allocation does not name a case type."
    )
    cin_census = models.BooleanField(
        "Children in Need census",
        default=False,
        help_text="Episodes of this type are Family Help under section 17 of the Children "
        "Act 1989: they carry the Children in Need census fields and are in its extract.",
    )
    order = models.PositiveSmallIntegerField(default=10)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="case_type_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name


CASE_LIMIT_ROLES = [
    (Role.PRACTITIONER.value, Role.PRACTITIONER.label),
    (Role.COORDINATOR.value, Role.COORDINATOR.label),
    (Role.MANAGER.value, Role.MANAGER.label),
]


class CaseLimit(models.Model):
    """How many open cases someone should lead: a default for a role, or one person's.

    A person's own limit wins; otherwise the lowest default among the casework roles
    they hold applies (so a coordinator who also carries cases is warned early).
    """

    role = models.CharField(
        max_length=30,
        choices=CASE_LIMIT_ROLES,
        blank=True,
        default="",
        help_text="The default for everyone in this role (leave blank for one person's limit).",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="case_limit",
        help_text="One person's own limit, instead of their role's default.",
    )
    max_open_cases = models.PositiveSmallIntegerField(
        help_text="Open cases the person should lead at most."
    )
    note = models.CharField(
        max_length=200, blank=True, default="", help_text="Why, e.g. 'part-time (0.6)'."
    )

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"], condition=~models.Q(role=""), name="case_limit_one_per_role"
            ),
            models.CheckConstraint(
                condition=(models.Q(role="") & models.Q(user__isnull=False))
                | (~models.Q(role="") & models.Q(user__isnull=True)),
                name="case_limit_role_or_person",
            ),
        ]

    def __str__(self) -> str:
        who = self.get_role_display() if self.role else str(self.user)
        return f"{who}: {self.max_open_cases} open cases"

    def clean(self) -> None:
        if bool(self.role) == bool(self.user_id):
            raise ValidationError("Choose a role or a person, not both")


class ContactSourceMapping(models.Model):
    """The contact source code of enquiries raised by each kind of agency.

    Enquiries store the code when they are raised, so an inspection list or census
    reads what was recorded. A kind with no mapping gives a blank source, which the
    data-quality page lists before it reaches a return.
    """

    agency_kind = models.CharField(max_length=40, choices=AgencyKind.choices, unique=True)
    contact_source = models.CharField(max_length=3, choices=ContactSource.choices)

    class Meta:
        ordering = ["agency_kind"]
        verbose_name = "contact source of an agency kind"
        verbose_name_plural = "contact sources of agency kinds"

    def __str__(self) -> str:
        return f"{self.get_agency_kind_display()}: {self.contact_source}"


@pghistory.track()
class DriftThresholds(models.Model):
    """When an open case counts as drifting, for the managers' drift list (one row).

    Without a row the defaults apply: open for more than 12 months, or the latest three
    plan reviews without progress.
    """

    open_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="A case open for more than this many months is drifting.",
    )
    reviews_without_progress = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(12)],
        help_text="A case whose latest this-many plan reviews all showed no progress is drifting.",
    )

    class Meta:
        verbose_name = "drift thresholds"
        verbose_name_plural = "drift thresholds"

    def __str__(self) -> str:
        return (
            f"Open more than {self.open_months} months, or "
            f"{self.reviews_without_progress} reviews without progress"
        )

    @classmethod
    def current(cls) -> DriftThresholds:
        return cls.objects.order_by("pk").first() or cls()

"""The case: one early help episode for one family, moving through the workflow."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.codes import CinClosureReason, PrimaryNeed
from cases.models.families import Family
from cases.models.reference import CaseType, NeedLevel
from cases.workflow_states import CLOSURE_LABELS, OPEN_STATES, ScreeningOutcome, State
from partners.models import Agency, FamilyHub, Zone


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.exclude(state=State.CLOSED)


@pghistory.track()
class Case(models.Model):
    """An early help episode. Who may see it is computed in cases/access.py."""

    reference = models.CharField(max_length=20, unique=True, null=True, editable=False)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases")
    state = models.CharField(
        max_length=24, choices=State.choices, default=State.ENQUIRY_RECEIVED, db_index=True
    )
    state_changed_at = models.DateTimeField(default=timezone.now)
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    family_hub = models.ForeignKey(
        FamilyHub, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="led_cases"
    )
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
    )
    opened_on = models.DateField(
        default=timezone.localdate, help_text="The date the enquiry was received."
    )
    closed_on = models.DateField(null=True, blank=True)
    screening_outcome = models.CharField(
        max_length=24, choices=ScreeningOutcome.choices, blank=True, default=""
    )
    screening_reason = models.TextField(blank=True, default="")
    closure_reason = models.CharField(
        max_length=30,
        blank=True,
        default="",
        help_text="A ClosureReason, or the screening outcome of a case closed at the front door.",
    )
    case_type = models.ForeignKey(
        CaseType, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    allocation_level = models.ForeignKey(
        NeedLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vulnerability level at allocation",
    )
    closure_level = models.ForeignKey(
        NeedLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="vulnerability level at closure",
    )
    # A new enquiry within 12 months of an earlier case's closure is a re-referral.
    rereferral_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rereferrals",
        help_text="The earlier case, closed within 12 months before this enquiry.",
    )
    # Children in Need census fields, for case types that are section 17 Family Help.
    # The referral date and source are the enquiry's; the closure date is closed_on.
    cin_primary_need = models.CharField(
        "primary need code", max_length=2, choices=PrimaryNeed.choices, blank=True, default=""
    )
    cin_closure_reason = models.CharField(
        "reason for closure code",
        max_length=3,
        choices=CinClosureReason.choices,
        blank=True,
        default="",
    )
    # Optimistic locking: every change bumps the version; a change made from a stale
    # version is refused (see services.case_transition).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["zone", "state"]),
            models.Index(fields=["lead_agency", "state"]),
            models.Index(fields=["lead_practitioner", "state"]),
            # Every case list is newest first and paged: walking this index finds a
            # page without sorting all the cases a person may see.
            models.Index(fields=["-opened_on", "-id"], name="case_newest_first"),
            # Queues and caseloads read open cases only; most cases are closed.
            models.Index(
                fields=["zone", "state", "opened_on"],
                condition=~models.Q(state="closed"),
                name="case_open_by_zone",
            ),
            models.Index(
                fields=["lead_practitioner", "state"],
                condition=~models.Q(state="closed"),
                name="case_open_by_lead",
            ),
            models.Index(
                fields=["lead_agency", "state"],
                condition=~models.Q(state="closed"),
                name="case_open_by_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Case {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.state == State.CLOSED

    @property
    def closure_label(self) -> str:
        return CLOSURE_LABELS.get(self.closure_reason, self.closure_reason)


class CaseTransition(models.Model):
    """Who moved a case from one state to another, when, and why. The scorecard's clock."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=40)
    from_state = models.CharField(max_length=24, choices=State.choices)
    to_state = models.CharField(max_length=24, choices=State.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "to_state"])]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_state} → {self.to_state}"

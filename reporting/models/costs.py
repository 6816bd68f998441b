"""The cost of late intervention: unit costs and volumes per scope and year, and spend.

Money is exact: Decimal pounds and pence, never float (../shared/domain/COSTS.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from partners.models import Zone


class UnitCost(models.Model):
    """One late-intervention activity: its unit cost per child per year and how many a year.

    A blank zone means the whole area. The administrator imports them from CSV in the
    format of the published table, or edits them in the admin.
    """

    year = models.PositiveSmallIntegerField(help_text="The year the volumes are for.")
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_costs",
        help_text="Blank: the whole area.",
    )
    service = models.CharField(max_length=200)
    activity = models.CharField(max_length=300)
    cost_item = models.CharField(max_length=300)
    unit_cost_gbp = models.DecimalField("unit cost (£)", max_digits=12, decimal_places=2)
    annual_volume = models.PositiveIntegerField()
    cost_source = models.CharField(max_length=300, blank=True, default="")
    price_year = models.CharField(
        max_length=20,
        blank=True,
        default="",
        help_text="The price base of the unit cost, e.g. 2014-15.",
    )
    beneficiary = models.CharField(max_length=200, help_text="Who bears the cost.")
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["year", "zone__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "zone", "cost_item"],
                name="unit_cost_item_once_per_scope_year",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cost_item} ({self.year})"


class EarlyHelpSpend(models.Model):
    """What the partnership spends on early help in a year, for a zone or the whole area."""

    year = models.PositiveSmallIntegerField()
    zone = models.ForeignKey(
        Zone,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_help_spend",
        help_text="Blank: the whole area.",
    )
    amount_gbp = models.DecimalField("spend (£)", max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["year", "zone__name"]
        verbose_name = "early help spend"
        verbose_name_plural = "early help spend"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "zone"], name="spend_once_per_scope_year", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount_gbp} in {self.year}"

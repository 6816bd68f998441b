"""The scorecard's filters (period and scope) and the rebuild form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from partners.models import Agency, FamilyHub, Zone
from reporting.scorecard.periods import AREA, Period, PeriodKind, Scope


def period_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    today = today or timezone.localdate()
    choices = []
    for kind, count in ((PeriodKind.MONTH, 24), (PeriodKind.QUARTER, 8), (PeriodKind.YEAR, 3)):
        latest = Period.containing(kind, today)
        for period in reversed(latest.previous(count)):
            choices.append((period.code, period.label))
    return choices


def default_period(today: dt.date | None = None) -> Period:
    """The last whole month: what the scorecard shows until a period is chosen."""
    today = today or timezone.localdate()
    return Period.containing(PeriodKind.MONTH, today).shifted(-1)


class ScorecardFilterForm(forms.Form):
    period = forms.ChoiceField(label="Period", required=False)
    zone = forms.ModelChoiceField(
        label="Zone",
        queryset=Zone.objects.order_by("name"),
        required=False,
        empty_label="Every zone",
    )
    hub = forms.ModelChoiceField(
        label="Family hub",
        queryset=FamilyHub.objects.order_by("name"),
        required=False,
        empty_label="Every family hub",
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label="Every agency",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()  # type: ignore[attr-defined]
        # The select shows the period the page shows (last whole month) until another is
        # chosen, so changing only the zone does not switch to the current part month.
        self.fields["period"].initial = default_period().code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [name for name in ("zone", "hub", "agency") if data.get(name)]
        if len(chosen) > 1:
            for name in chosen[1:]:
                self.add_error(name, "Choose one of zone, family hub or agency")
        return data

    def period_and_scope(self) -> tuple[Period, Scope]:
        default = default_period()
        if not self.is_bound or not self.is_valid():
            return default, AREA
        data = self.cleaned_data
        period = Period.parse(data["period"]) if data.get("period") else default
        zone, hub, agency = data.get("zone"), data.get("hub"), data.get("agency")
        return period, Scope(
            zone_id=zone.pk if zone else None,
            hub_id=hub.pk if hub else None,
            agency_id=agency.pk if agency else None,
        )


class RebuildForm(forms.Form):
    from_month = forms.DateField(
        label="First month",
        input_formats=["%Y-%m"],
        help_text="For example, 2025-04",
        error_messages={
            "required": "Enter the first month",
            "invalid": "Enter the first month as YYYY-MM",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    to_month = forms.DateField(
        label="Last month",
        input_formats=["%Y-%m"],
        help_text="For example, 2026-03",
        error_messages={
            "required": "Enter the last month",
            "invalid": "Enter the last month as YYYY-MM",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

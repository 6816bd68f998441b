"""The API face of reporting: the scorecard, read-only, for the people who read it.

Two reads, both for the roles that may open the scorecard pages:

- `/scorecard/`: every measure for a period and a scope, computed by the same function
  as the scorecard page (reporting.scorecard.dashboard.scorecard), so small numbers are
  suppressed for strategic leads exactly as the page suppresses them;
- `/scorecard/snapshots/`: the stored monthly rows (numerator and denominator per
  measure, month, zone, hub and agency) that re-aggregate exactly, for a council's
  warehouse. Only for readers who see exact numbers (managers and coordinators): cells
  that small are where people can be recognised, and hiding them one by one would not
  protect them, because the published totals minus the cells shown give them away.

No case, family or person is ever named: these are aggregates only.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from earlyhelp.api.docs import ERRORS
from earlyhelp.api.ids import IdFilter, id_field
from earlyhelp.api.permissions import HoldsAnyRole
from earlyhelp.api.views import AuditedViewSet
from partners.roles import Role
from reporting import selectors
from reporting.models import ScorecardSnapshot
from reporting.scorecard.dashboard import scorecard
from reporting.scorecard.measures import BY_KEY
from reporting.scorecard.periods import Period, PeriodKind, Scope
from reporting.scorecard.present import EXACT_READERS, suppresses_for

# The roles of the scorecard pages (reporting/views/scorecard.py).
REPORT_READERS = frozenset({Role.STRATEGIC_LEAD, Role.MANAGER, Role.COORDINATOR, Role.SYSTEM_ADMIN})

# Periods the scorecard can be asked for (its trend reaches a year back).
FIRST_YEAR, LAST_YEAR = 2000, 2100

MEASURE_EXAMPLE = {
    "measure": "P1a",
    "title": "Enquiries screened within 10 working days",
    "group": "Pace",
    "unit": "%",
    "value": None,
    "text": "Not shown",
    "numerator": "fewer than 5",
    "denominator": "12",
    "note": "Based on fewer than 5.",
    "target_met": None,
}
SCORECARD_EXAMPLE = {
    "period": "2025-Q2",
    "period_label": "April to June 2025",
    "scope": "North zone",
    "suppressed": True,
    "measures": [MEASURE_EXAMPLE],
}
SNAPSHOT_EXAMPLE = {
    "id": 90211,
    "measure": "P1a",
    "title": "Enquiries screened within 10 working days",
    "month": "2025-04-01",
    "zone_id": 2,
    "family_hub_id": 5,
    "agency_id": 7,
    "numerator": 3,
    "denominator": 4,
    "computed_at": "2025-05-01T02:10:00Z",
}


# --------------------------------------------------------------------------- output


class MeasureValueOut(serializers.Serializer):  # type: ignore[type-arg]
    measure = serializers.CharField()
    title = serializers.CharField()
    group = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True, help_text="Null when not shown (small numbers) or not available."
    )
    text = serializers.CharField(help_text="The value as the scorecard shows it.")
    numerator = serializers.CharField(help_text="'fewer than 5' for small numbers.")
    denominator = serializers.CharField()
    note = serializers.CharField()
    target_met = serializers.BooleanField(allow_null=True)


class ScorecardOut(serializers.Serializer):  # type: ignore[type-arg]
    period = serializers.CharField()
    period_label = serializers.CharField()
    scope = serializers.CharField()
    suppressed = serializers.BooleanField(
        help_text="Whether numbers from 1 to 4 are hidden for this reader."
    )
    measures = MeasureValueOut(many=True)


class SnapshotOut(serializers.ModelSerializer):  # type: ignore[type-arg]
    title = serializers.SerializerMethodField()

    class Meta:
        model = ScorecardSnapshot
        fields = [
            "id",
            "measure",
            "title",
            "month",
            "zone_id",
            "family_hub_id",
            "agency_id",
            "numerator",
            "denominator",
            "computed_at",
        ]

    def get_title(self, row: ScorecardSnapshot) -> str:
        measure = BY_KEY.get(row.measure)
        return measure.title if measure else ""


# --------------------------------------------------------------------------- input


class ScorecardQueryIn(serializers.Serializer):  # type: ignore[type-arg]
    period = serializers.RegexField(
        r"^\d{4}(-\d{2}|-[Qq][1-4])?$",
        required=False,
        help_text="'2025-04' (month), '2025-Q2' (quarter) or '2025' (year); last month "
        "when not given.",
    )
    zone = id_field(required=False, help_text="A zone's id.")
    hub = id_field(required=False, help_text="A family hub's id.")
    agency = id_field(
        required=False, help_text="An agency's id (at most one of zone, hub and agency)."
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if sum(name in data for name in ("zone", "hub", "agency")) > 1:
            raise serializers.ValidationError({"zone": ["Choose one of zone, hub or agency"]})
        if "period" in data:
            try:
                period = Period.parse(data["period"])
            except ValueError:
                raise serializers.ValidationError({"period": ["Enter a real month"]}) from None
            if not FIRST_YEAR <= period.start.year <= LAST_YEAR:
                raise serializers.ValidationError(
                    {"period": [f"Enter a period from {FIRST_YEAR} to {LAST_YEAR}"]}
                )
            data["period"] = period
        return data


class SnapshotFilter(django_filters.FilterSet):
    measure = django_filters.CharFilter(help_text="A measure's key, e.g. 'P1a'.")
    month = django_filters.DateFromToRangeFilter(
        help_text="First days of months: `month_after` and `month_before`, inclusive."
    )
    zone = IdFilter(field_name="zone_id")
    family_hub = IdFilter(field_name="family_hub_id")
    agency = IdFilter(field_name="agency_id")

    class Meta:
        model = ScorecardSnapshot
        fields: list[str] = []


# --------------------------------------------------------------------------- views


class ScorecardViewSet(AuditedViewSet):
    """The scorecard for a period and a scope, as the page shows it to the caller."""

    permission_classes = [*AuditedViewSet.permission_classes, HoldsAnyRole]
    required_roles = REPORT_READERS
    serializer_class = ScorecardOut
    pagination_class = None

    @extend_schema(
        summary="The scorecard: every measure for a period and a scope",
        description="For the roles that may open the scorecard pages (strategic leads, "
        "managers, coordinators, system administrators). Numbers from 1 to 4 are "
        "suppressed for everyone but managers and coordinators, as on the page.",
        parameters=[ScorecardQueryIn],
        responses={200: ScorecardOut, **ERRORS},
        examples=[
            OpenApiExample(
                "A zone's quarter, as a strategic lead reads it",
                value=SCORECARD_EXAMPLE,
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    def retrieve(self, request: Request) -> Response:
        query = ScorecardQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        values = query.validated_data
        period = values.get("period") or Period.containing(
            PeriodKind.MONTH, timezone.localdate()
        ).shifted(-1)
        scope = Scope(
            zone_id=values.get("zone"), hub_id=values.get("hub"), agency_id=values.get("agency")
        )
        card = scorecard(period=period, scope=scope, suppress=suppresses_for(request.user))
        rows = [
            {
                "measure": row.measure.key,
                "title": row.measure.title,
                "group": group,
                "unit": row.measure.unit,
                "value": row.value.number,
                "text": row.value.text,
                "numerator": row.value.numerator,
                "denominator": row.value.denominator,
                "note": row.value.note,
                "target_met": row.target_met,
            }
            for group, group_rows in card.groups
            for row in group_rows
        ]
        return Response(
            ScorecardOut(
                {
                    "period": period.code,
                    "period_label": period.label,
                    "scope": card.scope_label,
                    "suppressed": card.suppressed,
                    "measures": rows,
                }
            ).data
        )


@extend_schema(
    summary="Stored monthly figures of the scorecard (managers and coordinators)",
    description="One row per measure, month, zone, family hub and agency, with its "
    "numerator and denominator, so any period and scope re-aggregates exactly. Only for "
    "readers who see exact numbers: strategic leads read `/scorecard/`, where small "
    "numbers are suppressed.",
    responses={200: SnapshotOut, **ERRORS},
    examples=[
        OpenApiExample(
            "One month of one cell",
            value=SNAPSHOT_EXAMPLE,
            response_only=True,
            status_codes=["200"],
        )
    ],
)
class ScorecardSnapshotViewSet(mixins.ListModelMixin, AuditedViewSet):
    permission_classes = [*AuditedViewSet.permission_classes, HoldsAnyRole]
    required_roles = EXACT_READERS
    serializer_class = SnapshotOut
    filterset_class = SnapshotFilter

    def get_queryset(self) -> QuerySet[ScorecardSnapshot]:
        return selectors.scorecard_snapshots()

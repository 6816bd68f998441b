"""Reference data of assessments for system administrators: Outcome Star types with their
scales and Journey of Change bands, outcome frameworks with their headline problems,
and standardised measures (levels of need are in the cases admin). No case data is
shown here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from assessments.models import (
    HeadlineProblem,
    MeasureType,
    OutcomeFramework,
    StarBand,
    StarScale,
    StarType,
)
from earlyhelp.admin_site import SystemAdminModelAdmin


class _AdminInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_add_permission(self, request)  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_change_permission(self, request)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_delete_permission(self, request)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_view_permission(self, request)  # type: ignore[arg-type]


class StarScaleInline(_AdminInline):
    model = StarScale
    fields = ["number", "name", "description"]


class StarBandInline(_AdminInline):
    model = StarBand
    fields = ["low", "high", "name"]


class HeadlineProblemInline(_AdminInline):
    model = HeadlineProblem
    fields = ["number", "name", "descriptors", "good_outcome"]


@admin.register(StarType)
class StarTypeAdmin(SystemAdminModelAdmin):
    list_display = ["name", "edition", "is_default", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [StarScaleInline, StarBandInline]


@admin.register(OutcomeFramework)
class OutcomeFrameworkAdmin(SystemAdminModelAdmin):
    list_display = ["name", "min_needs", "requires_dependent_children", "is_current"]
    inlines = [HeadlineProblemInline]


@admin.register(MeasureType)
class MeasureTypeAdmin(SystemAdminModelAdmin):
    list_display = ["name", "min_score", "max_score", "higher_is_better", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "short_name"]

"""Reference data of case work for system administrators: levels of need (the one
continuum for allocation, assessment and closure), case types and case limits.
No case data is shown here."""

from __future__ import annotations

from django.contrib import admin

from cases.models import CaseLimit, CaseType, NeedLevel
from earlyhelp.admin_site import SystemAdminModelAdmin


@admin.register(NeedLevel)
class NeedLevelAdmin(SystemAdminModelAdmin):
    list_display = ["number", "name", "is_active"]
    list_editable = ["name", "is_active"]


@admin.register(CaseType)
class CaseTypeAdmin(SystemAdminModelAdmin):
    list_display = ["name", "order", "is_default", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(CaseLimit)
class CaseLimitAdmin(SystemAdminModelAdmin):
    list_display = ["__str__", "role", "user", "max_open_cases", "note"]
    list_filter = ["role"]
    autocomplete_fields = ["user"]
    search_fields = ["user__full_name", "user__email"]

"""Reference data of case work for system administrators: levels of need (the one
continuum for allocation, assessment and closure), case types (and which are in the
Children in Need census), case limits, and the contact source of each agency kind.
No case data is shown here."""

from __future__ import annotations

from django.contrib import admin

from cases.models import CaseLimit, CaseType, ContactSourceMapping, DriftThresholds, NeedLevel
from earlyhelp.admin_site import SystemAdminModelAdmin


@admin.register(NeedLevel)
class NeedLevelAdmin(SystemAdminModelAdmin):
    list_display = ["number", "name", "is_active"]
    list_editable = ["name", "is_active"]


@admin.register(CaseType)
class CaseTypeAdmin(SystemAdminModelAdmin):
    list_display = ["name", "order", "is_default", "cin_census", "is_active"]
    list_editable = ["order", "cin_census", "is_active"]


@admin.register(CaseLimit)
class CaseLimitAdmin(SystemAdminModelAdmin):
    list_display = ["__str__", "role", "user", "max_open_cases", "note"]
    list_filter = ["role"]
    autocomplete_fields = ["user"]
    search_fields = ["user__full_name", "user__email"]


@admin.register(ContactSourceMapping)
class ContactSourceMappingAdmin(SystemAdminModelAdmin):
    """Enquiries store the code when raised; a change applies to enquiries raised after it
    (earlier ones are corrected on the case's codes for returns page)."""

    list_display = ["agency_kind", "contact_source"]
    list_editable = ["contact_source"]


@admin.register(DriftThresholds)
class DriftThresholdsAdmin(SystemAdminModelAdmin):
    """One row: when an open case counts as drifting. Saved through the drift service, so
    each change is audited (and tracked field by field)."""

    list_display = ["__str__", "open_months", "reviews_without_progress"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return super().has_add_permission(request) and not DriftThresholds.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        from cases.drift import drift_thresholds_save

        drift_thresholds_save(actor=request.user, thresholds=obj, changed=list(form.changed_data))

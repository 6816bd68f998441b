"""Plan and reminder timings for system administrators. No case data is shown here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from earlyhelp.admin_site import SystemAdminModelAdmin
from family_plans.models import PlanSettings


@admin.register(PlanSettings)
class PlanSettingsAdmin(SystemAdminModelAdmin):
    """One row: the review interval and when each reminder falls due."""

    list_display = [
        "__str__",
        "review_interval_weeks",
        "assessment_working_days",
        "first_star_reading_days",
        "star_reading_interval_days",
        "no_contact_days",
    ]
    readonly_fields = ["updated_at"]
    fieldsets = [
        ("Plan reviews", {"fields": ["review_interval_weeks", "review_notice_days"]}),
        ("Meetings", {"fields": ["meeting_notice_days"]}),
        ("Assessment", {"fields": ["assessment_working_days"]}),
        ("Outcome Star", {"fields": ["first_star_reading_days", "star_reading_interval_days"]}),
        ("Consent and contact", {"fields": ["consent_review_notice_days", "no_contact_days"]}),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super().has_add_permission(request) and not PlanSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.pk = 1
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

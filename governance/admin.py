"""The retention schedule is set by system administrators, here."""

from django.contrib import admin

from governance.models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ("record_type", "years_after_closure", "until_youngest_age", "action")

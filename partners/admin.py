from django.contrib import admin

from earlyhelp.admin_site import SystemAdminModelAdmin
from partners.models import (
    Agency,
    FamilyHub,
    InformationSharingAgreement,
    Membership,
    PostcodeArea,
    User,
    Zone,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["agency"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return SystemAdminModelAdmin.has_add_permission(self, request)  # type: ignore[arg-type]

    has_change_permission = SystemAdminModelAdmin.has_change_permission
    has_delete_permission = SystemAdminModelAdmin.has_delete_permission
    has_view_permission = SystemAdminModelAdmin.has_view_permission


@admin.register(User)
class UserAdmin(SystemAdminModelAdmin):
    list_display = ["full_name", "email", "job_title", "is_active"]
    list_filter = ["is_active", "memberships__role"]
    search_fields = ["full_name", "email"]
    fields = ["email", "full_name", "job_title", "is_active", "is_staff", "last_login"]
    readonly_fields = ["last_login"]
    inlines = [MembershipInline]


@admin.register(Zone)
class ZoneAdmin(SystemAdminModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(FamilyHub)
class FamilyHubAdmin(SystemAdminModelAdmin):
    list_display = ["name", "zone", "postcode"]
    list_filter = ["zone"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(SystemAdminModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active", "zones"]
    search_fields = ["name"]
    filter_horizontal = ["zones"]


@admin.register(Membership)
class MembershipAdmin(SystemAdminModelAdmin):
    list_display = ["user", "agency", "role", "zone", "family_hub", "started_on", "ended_on"]
    list_filter = ["role", "agency__kind", "zone"]
    search_fields = ["user__full_name", "user__email", "agency__name"]
    autocomplete_fields = ["user", "agency"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(SystemAdminModelAdmin):
    list_display = ["prefix", "family_hub"]
    list_filter = ["family_hub__zone"]
    search_fields = ["prefix"]


@admin.register(InformationSharingAgreement)
class InformationSharingAgreementAdmin(SystemAdminModelAdmin):
    list_display = ["name", "reference", "valid_from", "valid_until"]
    filter_horizontal = ["agencies"]
    search_fields = ["name", "reference"]

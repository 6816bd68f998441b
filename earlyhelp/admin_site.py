"""The administration pages: for system administrators only.

Administrators maintain agencies, zones, hubs, users, roles and the other reference
data without a code change. Access is by role (an active system administrator
membership), not by Django's is_staff flag alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

from earlyhelp import roles


def _is_system_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and roles.is_system_admin(user=user))


class EarlyHelpAdminSite(admin.AdminSite):
    site_header = "Early Help administration"
    site_title = "Early Help administration"
    index_title = "Reference data and people"

    def has_permission(self, request: HttpRequest) -> bool:
        return _is_system_admin(request)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Administrators sign in through the service's own sign-in page."""
        return redirect_to_login(request.GET.get("next", "/admin/"))


class SystemAdminModelAdmin(admin.ModelAdmin):
    """Every model admin: full rights for system administrators, nothing for anyone else."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_system_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_system_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _is_system_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_system_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_system_admin(request)

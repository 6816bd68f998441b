"""System administrators choose, per agency, the roles its agency administrators may give.

Second factors are never edited here: django-otp's own admin pages (which can show a
device's secret) are taken off the site; a reset is a page of its own, audited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from earlyhelp.admin_site import SystemAdminModelAdmin
from identity.models import AssignableRoles
from partners.roles import Role

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class AssignableRolesForm(forms.ModelForm):  # type: ignore[type-arg]
    roles = forms.MultipleChoiceField(
        choices=[(r.value, r.label) for r in Role if r != Role.SYSTEM_ADMIN],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The agency's administrators may give these roles to its staff.",
    )

    class Meta:
        model = AssignableRoles
        fields = ["agency", "roles"]


@admin.register(AssignableRoles)
class AssignableRolesAdmin(SystemAdminModelAdmin):
    form = AssignableRolesForm
    list_display = ["agency", "roles_given"]
    search_fields = ["agency__name"]
    autocomplete_fields = ["agency"]

    @admin.display(description="Roles")
    def roles_given(self, obj: Any) -> str:
        return ", ".join(Role(r).label for r in obj.roles) or "None"

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from earlyhelp.admin_site import SystemAdminModelAdmin
from earlyhelp.reauthentication import ask_to_reauthenticate, authenticated_recently
from partners.models import (
    Agency,
    ApiToken,
    FamilyHub,
    InformationSharingAgreement,
    Membership,
    PostcodeArea,
    User,
    Zone,
    ZoneGrant,
)
from partners.services import (
    agency_save,
    api_token_issue,
    api_token_revoke,
    membership_delete,
    membership_save,
    zone_grant_give,
    zone_grant_revoke,
)

ISSUED_TOKEN_KEY = "issued_api_token"  # noqa: S105 - a session key, not a secret


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


class AuditedMemberships:
    """Role changes made in the admin go through the services, so each is audited."""

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        membership_save(
            actor=request.user, membership=obj, changed=form.changed_data, created=not change
        )

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        membership_delete(actor=request.user, membership=obj)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for membership in queryset:
            membership_delete(actor=request.user, membership=membership)


@admin.register(User)
class UserAdmin(SystemAdminModelAdmin):
    list_display = ["full_name", "email", "job_title", "is_active"]
    list_filter = ["is_active", "memberships__role"]
    search_fields = ["full_name", "email"]
    fields = ["email", "full_name", "job_title", "is_active", "is_staff", "last_login"]
    readonly_fields = ["last_login"]
    inlines = [MembershipInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        """Memberships edited inline are saved (and audited) one by one."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_delete(actor=request.user, membership=membership)
        changed = {id(obj): fields for obj, fields in formset.changed_objects}
        for membership in memberships:
            membership_save(
                actor=request.user,
                membership=membership,
                changed=list(changed.get(id(membership), ["new"])),
                created=membership.pk is None,
            )
        return None


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
    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        agency_save(actor=request.user, agency=obj, changed=form.changed_data, created=not change)

    list_display = ["name", "kind", "runs_service", "may_lead_cases", "is_active"]
    list_filter = ["kind", "runs_service", "may_lead_cases", "is_active", "zones"]
    search_fields = ["name"]
    filter_horizontal = ["zones"]


@admin.register(Membership)
class MembershipAdmin(AuditedMemberships, SystemAdminModelAdmin):
    list_display = ["user", "agency", "role", "zone", "family_hub", "started_on", "ended_on"]
    list_filter = ["role", "agency__kind", "zone"]
    search_fields = ["user__full_name", "user__email", "agency__name"]
    autocomplete_fields = ["user", "agency"]


@admin.register(ZoneGrant)
class ZoneGrantAdmin(SystemAdminModelAdmin):
    """Give a zone's oversight to one person for a period (audited); revoke it early.

    A grant is never edited: a new period is a new grant, so the record shows each."""

    list_display = ["user", "role", "zone", "starts_at", "ends_at", "revoked_at", "granted_by"]
    list_filter = ["zone", "role"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    fields = ["user", "role", "zone", "reason", "starts_at", "ends_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return self.fields if obj is not None else []

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            return  # a grant is never edited (its fields are read-only)
        saved = zone_grant_give(  # the form's clean has checked what the service checks
            actor=request.user,
            user=obj.user,
            zone=obj.zone,
            role=obj.role,
            reason=obj.reason,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
        )
        obj.pk = saved.pk

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form

        class GiveForm(form):  # type: ignore[valid-type,misc]
            def clean(self) -> dict:  # type: ignore[type-arg]
                data = super().clean()
                user, role = data.get("user"), data.get("role")
                if (
                    user
                    and role
                    and not Membership.objects.active().filter(user=user, role=role).exists()
                ):
                    self.add_error("role", "The person does not hold this role in any agency")
                starts, ends = data.get("starts_at"), data.get("ends_at")
                if starts and ends and ends <= starts:
                    self.add_error("ends_at", "The grant must end after it starts")
                return data

        return GiveForm

    @admin.action(description="Revoke the selected zone grants now")
    def revoke(self, request, queryset):  # type: ignore[no-untyped-def]
        for grant in queryset.filter(revoked_at__isnull=True):
            zone_grant_revoke(actor=request.user, grant=grant)


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


class ApiTokenIssueForm(forms.ModelForm):  # type: ignore[type-arg]
    days = forms.IntegerField(
        min_value=1, max_value=730, initial=365, help_text="Days until the token expires."
    )

    class Meta:
        model = ApiToken
        fields = ["name", "agency", "scope"]


@admin.register(ApiToken)
class ApiTokenAdmin(SystemAdminModelAdmin):
    """Tokens are issued here (shown once) and revoked here; they are never edited."""

    list_display = [
        "name",
        "agency",
        "scope",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["scope", "agency"]
    actions = ["revoke"]

    def add_view(self, request, form_url="", extra_context=None):  # type: ignore[no-untyped-def]
        """Issuing a token asks for both factors again if they are not recent."""
        if not authenticated_recently(request):
            return ask_to_reauthenticate(request)
        return super().add_view(request, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        if obj is None:
            kwargs["form"] = ApiTokenIssueForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is None:
            return []
        return [
            "name",
            "agency",
            "scope",
            "user",
            "key_prefix",
            "created_at",
            "created_by",
            "expires_at",
            "revoked_at",
            "last_used_at",
        ]

    def get_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        if obj is None:
            return ["name", "agency", "scope", "days"]
        return self.get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        if change:
            return
        row, token = api_token_issue(
            actor=request.user,
            agency=form.cleaned_data["agency"],
            scope=form.cleaned_data["scope"],
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        obj.pk = row.pk
        # Shown once, on its own page (issued_view), never in a message: the session is
        # kept on the server, and the page takes the token out of it as it shows it.
        request.session[ISSUED_TOKEN_KEY] = {"id": row.pk, "token": token}

    def response_add(self, request, obj, post_url_continue=None):  # type: ignore[no-untyped-def]
        return redirect("admin:partners_apitoken_issued", token_id=obj.pk)

    def get_urls(self):  # type: ignore[no-untyped-def]
        issued = path(
            "<int:token_id>/issued/",
            self.admin_site.admin_view(self.issued_view),
            name="partners_apitoken_issued",
        )
        return [issued, *super().get_urls()]

    def issued_view(self, request: HttpRequest, token_id: int) -> HttpResponse:
        """The new token, once: a second visit finds it gone from the session."""
        row = get_object_or_404(ApiToken, pk=token_id)
        held = request.session.pop(ISSUED_TOKEN_KEY, None)
        token = held["token"] if held and held.get("id") == row.pk else None
        return TemplateResponse(
            request,
            "admin/partners/apitoken/issued.html",
            {
                **self.admin_site.each_context(request),
                "title": "API token issued",
                "opts": self.model._meta,
                "row": row,
                "token": token,
            },
        )

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):  # type: ignore[no-untyped-def]
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token, actor=request.user)

"""The partnership's configuration in the administration pages, for system
administrators: the scorecard's entered figures, the case file audit framework, the
partnership strands and pledges, and the Supporting Families claim rules by programme
year.

Each save goes through reporting/configuration/services.py (validated, audited) and the
models are tracked by pghistory; the admin's own History link on each row shows who
changed which fields and when. Each figure is for a calendar year and applies from
1 January of that year: the lists say so, and the scorecard names the year it used.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from earlyhelp.admin_site import SystemAdminModelAdmin
from reporting.configuration.services import (
    audit_framework_make_current,
    audit_framework_new_version,
    configuration_delete,
    configuration_save,
    framework_in_use,
    pledge_in_use,
    strand_in_use,
)
from reporting.models import (
    AuditFramework,
    AuditQuestion,
    ChildPopulation,
    ClaimRule,
    ClaimRules,
    FamiliesEstimate,
    LeadPractitionerTraining,
    PartnershipPledge,
    PartnershipStrand,
    SocialCareFigures,
)


class ConfiguredAdmin(SystemAdminModelAdmin):
    """Saves and deletions go through the configuration services, one audit entry each."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        configuration_save(
            actor=request.user, obj=obj, changed=list(form.changed_data), created=not change
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        configuration_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            configuration_delete(actor=request.user, obj=obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Rows edited inline are saved (and audited) one by one."""
        for obj in formset.save(commit=False):
            created = obj.pk is None
            sub = next((f for f in formset.forms if f.instance is obj), None)
            configuration_save(
                actor=request.user,
                obj=obj,
                changed=list(sub.changed_data) if sub is not None else [],
                created=created,
            )
        for obj in formset.deleted_objects:
            configuration_delete(actor=request.user, obj=obj)


class YearlyFigureAdmin(ConfiguredAdmin):
    # Zones are few: a plain select, which a screen reader and the keyboard use as is.
    list_filter = ["year", "zone"]

    @admin.display(description="Applies from")
    def applies_from(self, obj: Any) -> str:
        return f"1 January {obj.year}"

    @admin.display(description="Zone")
    def zone_or_area(self, obj: Any) -> str:
        return str(obj.zone) if obj.zone_id else "Whole area"


@admin.register(ChildPopulation)
class ChildPopulationAdmin(YearlyFigureAdmin):
    """Children aged 0 to 17 per zone and year: the base of S1 and the other per-10,000
    rates."""

    list_display = ["year", "zone_or_area", "children", "source", "applies_from"]


@admin.register(FamiliesEstimate)
class FamiliesEstimateAdmin(YearlyFigureAdmin):
    """Families and the share estimated to have additional needs: the base of S9."""

    list_display = [
        "year",
        "zone_or_area",
        "families",
        "additional_needs_percent",
        "estimated_in_need",
        "applies_from",
    ]


@admin.register(SocialCareFigures)
class SocialCareFiguresAdmin(YearlyFigureAdmin):
    """Children in need, in care and episodes closed, from the year's returns (S4-S6)."""

    list_display = [
        "year",
        "zone_or_area",
        "children_in_need",
        "children_in_care",
        "cases_closed",
        "applies_from",
    ]


@admin.register(LeadPractitionerTraining)
class LeadPractitionerTrainingAdmin(ConfiguredAdmin):
    """Who completed lead practitioner training, and when (Q1 counts from that date)."""

    list_display = ["user", "agency", "zone", "course", "completed_on"]
    list_filter = ["course", "agency", "zone"]
    search_fields = ["user__full_name", "user__email", "agency__name"]
    autocomplete_fields = ["user", "agency", "zone"]
    date_hierarchy = "completed_on"


@admin.register(ClaimRules)
class ClaimRulesAdmin(ConfiguredAdmin):
    """One row: how long outcomes must hold after closure, for claims of programme years
    before the first rule by programme year."""

    list_display = ["__str__", "sustained_months", "note"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return super().has_add_permission(request) and not ClaimRules.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ClaimRule)
class ClaimRuleAdmin(ConfiguredAdmin):
    """Sustainment months per outcome, by programme year (April to March). A claim is
    checked against the rules of the year its case closed; a year without a rule keeps
    the previous year's, so next year's rule changes only next year's claims."""

    list_display = ["programme_year_label", "outcome", "sustained_months", "note"]
    list_filter = ["programme_year"]
    fields = ["programme_year", "headline", "sustained_months", "note"]

    @admin.display(description="Programme year", ordering="programme_year")
    def programme_year_label(self, obj: ClaimRule) -> str:
        return f"April {obj.programme_year} to March {obj.programme_year + 1}"

    @admin.display(description="Outcome")
    def outcome(self, obj: ClaimRule) -> str:
        return str(obj.headline) if obj.headline_id else "Every outcome without its own rule"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("headline")


# --------------------------------------------------------------------------- audit framework


class AuditQuestionInline(admin.TabularInline):
    model = AuditQuestion
    extra = 0
    fields = ["number", "text", "guidance", "is_active"]

    def _fixed(self, obj: Any) -> bool:
        return obj is not None and framework_in_use(obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields if self._fixed(obj) else []

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_add_permission(self, request) and not self._fixed(obj)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_delete_permission(self, request) and not self._fixed(obj)  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_change_permission(self, request)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_view_permission(self, request)  # type: ignore[arg-type]


@admin.register(AuditFramework)
class AuditFrameworkAdmin(ConfiguredAdmin):
    """Versioned: once audits use a framework its questions are fixed, so those audits
    keep the questions they were graded against. "Copy as a new version" makes the next
    version to change, and "Make current" lets new audits use it."""

    list_display = ["name", "is_current", "question_count", "audit_count"]
    fields = ["name", "description", "is_current"]
    readonly_fields = ["is_current"]
    inlines = [AuditQuestionInline]
    actions = ["copy_as_new_version", "make_current"]

    @admin.display(description="Questions")
    def question_count(self, obj: AuditFramework) -> int:
        return obj.questions.count()

    @admin.display(description="Audits using it")
    def audit_count(self, obj: AuditFramework) -> int:
        return obj.audits.count()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and framework_in_use(obj):
            return ["name", "description", "is_current"]
        return self.readonly_fields

    @admin.action(description="Copy as a new version")
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for framework in queryset:
            copy = audit_framework_new_version(actor=request.user, framework=framework)
            self.message_user(
                request,
                f"{copy.name} was made: change its questions, then make it current.",
                messages.SUCCESS,
            )

    @admin.action(description="Make current (new audits use it)")
    def make_current(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Select one framework to make current", messages.ERROR)
            return
        framework = audit_framework_make_current(actor=request.user, framework=queryset.get())
        self.message_user(request, f"New audits use {framework.name}", messages.SUCCESS)


# --------------------------------------------------------------------------- partnership


class PledgeForm(forms.ModelForm):  # type: ignore[type-arg]
    """A pledge agencies have said they meet keeps its words."""

    class Meta:
        model = PartnershipPledge
        fields = ["number", "text", "is_active"]

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if self.instance.pk and "text" in self.changed_data and pledge_in_use(self.instance):
            raise forms.ValidationError(
                "Agencies have said they meet this pledge: untick 'Is active' to retire it "
                "and add the new wording as a new pledge"
            )
        return text


class PledgeInline(admin.TabularInline):
    model = PartnershipPledge
    form = PledgeForm
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return SystemAdminModelAdmin.has_add_permission(self, request)  # type: ignore[arg-type]

    has_change_permission = SystemAdminModelAdmin.has_change_permission
    has_delete_permission = SystemAdminModelAdmin.has_delete_permission
    has_view_permission = SystemAdminModelAdmin.has_view_permission


class StrandForm(forms.ModelForm):  # type: ignore[type-arg]
    """A strand agencies have rated themselves against keeps its name."""

    class Meta:
        model = PartnershipStrand
        fields = ["number", "name", "description", "is_active"]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if self.instance.pk and "name" in self.changed_data and strand_in_use(self.instance):
            raise forms.ValidationError(
                "Agencies have rated themselves against this strand: untick 'Is active' to "
                "retire it and add the new strand"
            )
        return name


@admin.register(PartnershipStrand)
class PartnershipStrandAdmin(ConfiguredAdmin):
    """Strands and their pledges. Versioned by retirement: what agencies rated or
    pledged keeps its words, and a new wording is a new strand or pledge."""

    form = StrandForm
    list_display = ["number", "name", "is_active"]
    list_filter = ["is_active"]
    inlines = [PledgeInline]

"""Cost-benefit pages: the figures for boards, and the unit cost import for administrators."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from earlyhelp.url_policy import Policy, access_policy
from partners.models import Zone
from partners.roles import Role
from reporting.costs.figures import avoided_shown, cost_avoided, cost_benefit
from reporting.costs.importing import unit_costs_import
from reporting.models import UnitCost
from reporting.scorecard.present import suppresses_for

REPORT_READERS = {Role.STRATEGIC_LEAD, Role.MANAGER, Role.COORDINATOR, Role.SYSTEM_ADMIN}


def _years() -> list[int]:
    years = set(UnitCost.objects.values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


class ScopeForm(forms.Form):
    year = forms.TypedChoiceField(label="Year", coerce=int)
    zone = forms.ModelChoiceField(
        label="Zone", queryset=Zone.objects.all(), required=False, empty_label="The whole area"
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].choices = [(y, str(y)) for y in _years()]  # type: ignore[attr-defined]


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
def cost_benefit_page(request: HttpRequest) -> HttpResponse:
    form = ScopeForm(request.GET or None)
    year, zone = _years()[0], None
    if form.is_valid():
        year, zone = form.cleaned_data["year"], form.cleaned_data["zone"]
    elif not request.GET:
        form = ScopeForm(initial={"year": year})
    return render(
        request,
        "reporting/cost_benefit.html",
        {
            "form": form,
            "figures": cost_benefit(year=year, zone=zone),
            "avoided": avoided_shown(
                cost_avoided(year=year - 1, zone=zone), suppress=suppresses_for(request.user)
            ),
            "year": year,
            "zone": zone,
        },
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Columns: service, activity, cost_item, unit_cost_gbp, "
        "annual_volume, cost_source, beneficiary",
        error_messages={"required": "Select a CSV file"},
    )
    year = forms.IntegerField(
        label="Year the volumes are for",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Enter the year"},
    )
    zone = forms.ModelChoiceField(
        label="Zone", queryset=Zone.objects.all(), required=False, empty_label="The whole area"
    )


@access_policy(Policy.ROLES, roles={Role.SYSTEM_ADMIN})
def unit_costs_import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", "The file must be a CSV file saved as UTF-8")
        else:
            result = unit_costs_import(
                actor=request.user,
                content=content,
                year=form.cleaned_data["year"],
                zone=form.cleaned_data["zone"],
            )
            if result.ok:
                messages.success(request, f"Imported {result.imported} unit costs")
                query = f"?year={form.cleaned_data['year']}"
                if form.cleaned_data["zone"]:
                    query += f"&zone={form.cleaned_data['zone'].pk}"
                return redirect(reverse("cost-benefit") + query)
    return render(request, "reporting/unit_costs_import.html", {"form": form, "result": result})

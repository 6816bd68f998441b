"""Zone profiles, the partnership view and self-assessments, and the board pack."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.reauthentication import recent_authentication_required
from earlyhelp.url_policy import Policy, access_policy
from partners.models import Zone
from partners.roles import Role
from reporting import partnership
from reporting.board_pack import KIND as BOARD_PACK
from reporting.board_pack import REQUESTERS
from reporting.exports import services as export_services
from reporting.forms.scorecard import period_choices
from reporting.models import Maturity
from reporting.scorecard.present import suppresses_for
from reporting.views.scorecard import REPORT_READERS
from reporting.zone_profile import zone_profile


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="Year", coerce=int, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, this_year - 4, -1)]  # type: ignore[attr-defined]

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return int(self.cleaned_data["year"])
        return timezone.localdate().year


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
def zone_profiles(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/zone_profiles.html", {"zones": Zone.objects.order_by("name")})


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
def zone_profile_page(request: HttpRequest, zone_id: int) -> HttpResponse:
    zone = Zone.objects.filter(pk=zone_id).first()
    if zone is None:
        raise Http404("No such zone")
    form = YearForm(request.GET or None)
    profile = zone_profile(
        zone=zone, year=form.chosen_year(), suppress=suppresses_for(request.user)
    )
    return render(request, "reporting/zone_profile.html", {"form": form, "profile": profile})


@access_policy(Policy.ROLES, roles=REPORT_READERS)
@require_http_methods(["GET"])
def partnership_page(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = form.chosen_year()
    return render(
        request,
        "reporting/partnership.html",
        {
            "form": form,
            "year": year,
            "rows": partnership.agency_activity(year=year, suppress=suppresses_for(request.user)),
            "strands": partnership.strands(),
            "managed": partnership.agencies_managed_by(request.user),
            "suppressed": suppresses_for(request.user),
        },
    )


class SelfAssessmentForm(forms.Form):
    agency: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Agency",
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select the agency"},
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    pledges = forms.MultipleChoiceField(
        label="Pledges your agency meets", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(
        self, *args: Any, agencies: Sequence[Any], strands: Sequence[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from partners.models import Agency

        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])  # type: ignore[attr-defined]
        self.strands = strands
        self.fields["pledges"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), p.text)
            for s in strands
            for p in s.pledges.all()  # type: ignore[attr-defined]
        ]
        for strand in strands:
            self.fields[f"strand_{strand.pk}"] = forms.ChoiceField(  # type: ignore[attr-defined]
                label=strand.name,  # type: ignore[attr-defined]
                help_text=strand.description,  # type: ignore[attr-defined]
                choices=Maturity.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"evidence_{strand.pk}"] = forms.CharField(  # type: ignore[attr-defined]
                label=f"Evidence for {strand.name.lower()}",  # type: ignore[attr-defined]
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def strand_fields(self) -> list[tuple[object, object]]:
        return [(self[f"strand_{s.pk}"], self[f"evidence_{s.pk}"]) for s in self.strands]  # type: ignore[attr-defined]


@access_policy(Policy.ROLES, roles={Role.MANAGER})
@require_http_methods(["GET", "POST"])
def self_assessment_page(request: HttpRequest) -> HttpResponse:
    agencies = partnership.agencies_managed_by(request.user)
    strands = partnership.strands()
    form = SelfAssessmentForm(request.POST or None, agencies=agencies, strands=strands)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partnership.self_assessment_record(
                actor=request.user,
                agency=data["agency"],
                ratings={s.pk: (data[f"strand_{s.pk}"], data[f"evidence_{s.pk}"]) for s in strands},
                pledge_ids=[int(p) for p in data["pledges"]],
                notes=data["notes"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Self-assessment of {data['agency'].name} recorded")
            return redirect("partnership")
    return render(request, "reporting/self_assessment.html", {"form": form})


class BoardPackForm(forms.Form):
    period = forms.ChoiceField(label="Period", error_messages={"required": "Select the period"})
    zone = forms.ModelChoiceField(
        label="Zone",
        queryset=Zone.objects.order_by("name"),
        required=False,
        empty_label="The whole area",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["period"].choices = period_choices()  # type: ignore[attr-defined]


@access_policy(Policy.ROLES, roles=REQUESTERS)
@require_http_methods(["GET", "POST"])
@recent_authentication_required
def board_pack_page(request: HttpRequest) -> HttpResponse:
    form = BoardPackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        zone = form.cleaned_data["zone"]
        job = export_services.export_request(
            actor=request.user,
            kind=BOARD_PACK,
            params={"period": form.cleaned_data["period"], "zone": zone.pk if zone else None},
        )
        return redirect("export-status", public_id=job.public_id)
    return render(request, "reporting/board_pack.html", {"form": form})

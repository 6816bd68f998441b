"""The Outcome Star tab: the star chart, change per area, readings and other measures."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from assessments import selectors, services
from assessments.forms import MeasureForm, StarReadingForm
from assessments.models import StarType
from assessments.star_chart import star_svg
from cases.access import Action, can
from cases.case_page import case_page
from cases.models import Case
from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error

TAB = "outcome-star"


def _people(case: Case) -> list[tuple[str, str]]:
    return [(str(p.pk), p.full_name) for p in selectors.household_people(case=case)]


@case_page()
def star_tab(request: HttpRequest, case: Case) -> HttpResponse:
    page = selectors.star_page(case=case)
    chart = None
    if page.chart:
        chart = mark_safe(  # noqa: S308 - star_svg escapes every text it draws
            star_svg(scales=page.scales, readings=page.chart, star_name=page.star_name)
        )
    measures = selectors.measure_readings(case=case)
    return render(
        request,
        "assessments/star_tab.html",
        {
            "case": case,
            "tab": TAB,
            "page": page,
            "chart": chart,
            "measures": measures,
            "measure_changes": selectors.measure_changes(measures),
            "can_work": can(request.user, Action.WORK, case),
            "can_add_measure": can(request.user, Action.ADD_NOTE, case),
        },
    )


def _star_type(request: HttpRequest) -> StarType | None:
    types = selectors.active_star_types()
    wanted = request.GET.get("star") or request.POST.get("star")
    if wanted:
        return next((t for t in types if str(t.pk) == wanted), None)
    if len(types) == 1:
        return types[0]
    return None


@case_page(Action.WORK)
def star_reading_new(request: HttpRequest, case: Case) -> HttpResponse:
    """Record a reading: first choose the star (when there is more than one), then score it."""
    star_type = _star_type(request)
    if star_type is None:
        types = selectors.active_star_types()
        if not types:
            raise Http404("No star is set up")
        return render(
            request,
            "assessments/star_choose.html",
            {"case": case, "tab": TAB, "types": types, "error": bool(request.GET.get("star"))},
        )
    scales = list(star_type.scales.all())
    form = StarReadingForm(
        request.POST or None,
        scales=scales,
        people=_people(case),
        max_value=star_type.max_value,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scores, notes = form.scores()
        family_scores, family_notes = form.scores("family_")
        present_ids = {int(pk) for pk in data["present"]}
        try:
            reading = services.star_reading_record(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                star_type=star_type,
                taken_on=data["taken_on"],
                occasion=data["occasion"],
                way=data["way"],
                scores=scores,
                notes=notes,
                family_scores=family_scores,
                family_notes=family_notes,
                present=[p for p in selectors.household_people(case=case) if p.pk in present_ids],
                others_present=data["others_present"],
                note=data["note"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, "Outcome Star reading recorded")
            return redirect("star-reading", case_id=case.pk, reading_id=reading.pk)
    return render(
        request,
        "assessments/star_reading_form.html",
        {"case": case, "tab": TAB, "form": form, "star_type": star_type},
    )


@case_page()
def star_reading_detail(request: HttpRequest, case: Case, reading_id: int) -> HttpResponse:
    reading = selectors.star_reading_for(case=case, reading_id=reading_id)
    bands = list(reading.star_type.bands.all())
    scores = [
        {
            "score": score,
            "band": next((b.name for b in bands if b.low <= score.value <= b.high), ""),
        }
        for score in reading.scores.all()
    ]
    other = reading.paired_with or getattr(reading, "pair", None)
    return render(
        request,
        "assessments/star_reading.html",
        {
            "case": case,
            "tab": TAB,
            "reading": reading,
            "scores": scores,
            "other": other,
            "total": sum(sc.value for sc in reading.scores.all()),
        },
    )


@case_page(Action.ADD_NOTE)
def measure_new(request: HttpRequest, case: Case) -> HttpResponse:
    """Record a standardised measure (e.g. an SDQ score) for one person."""
    people = selectors.household_people(case=case)
    form = MeasureForm(
        request.POST or None,
        measures=selectors.active_measures(),
        people=[(str(p.pk), p.full_name) for p in people],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next((p for p in people if str(p.pk) == data["person"]), None)
        try:
            services.measure_reading_record(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                measure=data["measure"],
                person=person,
                score=data["score"],
                taken_on=data["taken_on"],
                occasion=data["occasion"],
                note=data["note"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"{data['measure']} recorded")
            return redirect("star-tab", case_id=case.pk)
    return render(
        request, "assessments/measure_form.html", {"case": case, "tab": TAB, "form": form}
    )

"""The Assessment tab: overview, task list, section pages, check and submit, sign-off,
version comparison, the conflict page and progress against headline problems.

Every view fetches its case through cases.access.access_case (404 when the case is
not visible) and leaves rules to the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments import sections as s
from assessments import selectors, services
from assessments.consent_held import consent_answers
from assessments.forms import ConflictForm, ProgressForm, ReviewForm, SectionForm, SubmitForm
from assessments.models import Assessment, AssessmentState, HeadlineProblem, ReviewDecision
from cases.access import Action, can, require
from cases.case_page import case_page
from cases.models import Case
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.govuk.errors import add_application_error

TAB = "assessment"


def _detail_url(assessment: Assessment) -> str:
    return reverse(
        "assessment-detail", kwargs={"case_id": assessment.case_id, "number": assessment.number}
    )


def _can_start(user: Any, case: Case, latest: Assessment | None) -> bool:
    if not can(user, Action.WORK, case):
        return False
    if latest is None:
        return case.state in services.FIRST_ASSESSMENT_STATES
    return latest.is_signed_off and case.state in services.REASSESSMENT_STATES


@case_page()
def assessment_tab(request: HttpRequest, case: Case) -> HttpResponse:
    """The case's assessment: where it is, its versions, headline problems and eligibility."""
    versions = selectors.case_assessments(case=case)
    latest = versions[-1] if versions else None
    signed_off = [v for v in versions if v.is_signed_off]
    returned = None
    if latest is not None and latest.is_draft:
        reviews = selectors.assessment_reviews(assessment=latest)
        if reviews and reviews[0].decision == ReviewDecision.RETURNED:
            returned = reviews[0]
    return render(
        request,
        "assessments/assessment_tab.html",
        {
            "case": case,
            "tab": TAB,
            "versions": versions,
            "latest": latest,
            "returned": returned,
            "can_start": _can_start(request.user, case, latest),
            "can_work": can(request.user, Action.WORK, case),
            "can_sign_off": can(request.user, Action.SIGN_OFF, case),
            "problems": selectors.headline_problems(case, assessment=signed_off[-1])
            if signed_off
            else [],
            "eligibility": selectors.family_eligibility(case) if signed_off else None,
            "compare_from": versions[-2].number if len(versions) > 1 else None,
        },
    )


@require_POST
@case_page()
def assessment_start(request: HttpRequest, case: Case) -> HttpResponse:
    try:
        assessment = services.assessment_start(actor=request.user, case=case)  # type: ignore[arg-type]
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("assessment-tab", case_id=case.pk)
    return redirect(_detail_url(assessment))


def _page(
    request: HttpRequest, case: Case, number: int
) -> tuple[Case, Assessment, dict[str, Any], s.SectionContext]:
    assessment = selectors.assessment_for(case=case, number=number)
    assessment.case = case
    rows = selectors.section_rows(assessment=assessment)
    context = selectors.section_context(assessment=assessment, rows=rows)
    return case, assessment, rows, context


@case_page()
def assessment_detail(request: HttpRequest, case: Case, number: int) -> HttpResponse:
    """A draft's task list for those who work on it; otherwise the assessment to read."""
    case, assessment, rows, context = _page(request, case, number)
    editable = assessment.is_draft and can(request.user, Action.WORK, case)
    common = {
        "case": case,
        "tab": TAB,
        "assessment": assessment,
        "reviews": selectors.assessment_reviews(assessment=assessment),
    }
    if editable:
        groups = selectors.task_list(context=context, rows=rows)
        tasks = [t for g in groups for t in g.tasks]
        return render(
            request,
            "assessments/task_list.html",
            {
                **common,
                "groups": groups,
                "completed": sum(1 for t in tasks if t.status == "completed"),
                "total": len(tasks),
                "ready": all(t.status == "completed" for t in tasks),
            },
        )
    return render(
        request,
        "assessments/assessment_view.html",
        {
            **common,
            "sections": selectors.assessment_answers(context=context, rows=rows),
            "can_sign_off": assessment.state == AssessmentState.SUBMITTED
            and can(request.user, Action.SIGN_OFF, case),
        },
    )


def _section_of(context: s.SectionContext, key: str) -> s.SectionDef:
    section = next((d for d in s.section_definitions(context) if d.key == key), None)
    if section is None:
        raise Http404("No such section")
    return section


def _bound_data(
    section: s.SectionDef, values: dict[str, Any], *, version: int, completed: str
) -> dict[str, Any]:
    """Values as the section page would post them (to show a refused save again)."""
    data: dict[str, Any] = {"version": version, "completed": completed}
    for f in section.fields:
        value = values.get(f.name)
        if f.kind == s.DATE:
            date = s.parse_date(value)
            data[f"{f.name}_day"] = str(date.day) if date else ""
            data[f"{f.name}_month"] = str(date.month) if date else ""
            data[f"{f.name}_year"] = str(date.year) if date else ""
        elif f.kind == s.BOOL:
            if value:
                data[f.name] = "true"
        else:
            data[f.name] = "" if value is None else str(value)
    return data


@case_page()
def assessment_section(request: HttpRequest, case: Case, number: int, key: str) -> HttpResponse:
    """One section's page: saves what was typed; shows the conflict page if someone else
    saved the section in the meantime."""
    case, assessment, rows, context = _page(request, case, number)
    require(request.user, Action.WORK, case)
    section = _section_of(context, key)
    if not assessment.is_draft:
        messages.info(request, "This assessment has been submitted, so it cannot be changed")
        return redirect(_detail_url(assessment))
    row = rows.get(key)
    version = row.version if row else 0
    if request.method != "POST":
        answers = row.data if row else {}
        if row is None and section.kind == s.Kind.CONSENT:  # start from the consent held
            answers = consent_answers(case, context)
            if answers:
                messages.info(
                    request,
                    "The consent already recorded for this family is filled in below. "
                    "Check it, and ask only for what is missing.",
                )
        form = SectionForm(
            section,
            initial=SectionForm.initial_from(
                answers, version=version, status=row.status if row else ""
            ),
        )
        return _render_section(request, case, assessment, section, form, context)

    if request.POST.get("resolve"):
        return _resolve_conflict(request, case, assessment, section, rows, context)

    form = SectionForm(section, request.POST)
    if not form.is_valid():
        return _render_section(request, case, assessment, section, form, context)
    values = form.values()
    complete = form.cleaned_data["completed"] == "yes"
    try:
        services.assessment_section_save(
            actor=request.user,  # type: ignore[arg-type]
            assessment=assessment,
            key=key,
            values=values,
            complete=complete,
            expected_version=form.cleaned_data["version"],
        )
    except ConcurrentChangeError as exc:
        return _render_conflict(
            request,
            case,
            assessment,
            section,
            exc,
            yours=values,
            completed=form.cleaned_data["completed"],
            base=selectors.section_answers_at(
                section=rows.get(key), version=form.cleaned_data["version"]
            ),
        )
    except ApplicationError as exc:
        add_application_error(form, exc)
        return _render_section(request, case, assessment, section, form, context)
    messages.success(request, f"'{section.title}' saved")
    return redirect(_detail_url(assessment))


def _render_section(
    request: HttpRequest,
    case: Case,
    assessment: Assessment,
    section: s.SectionDef,
    form: SectionForm,
    context: s.SectionContext,
) -> HttpResponse:
    member = context.member(section.person_id)
    return render(
        request,
        "assessments/section.html",
        {
            "case": case,
            "tab": TAB,
            "assessment": assessment,
            "section": section,
            "member": member,
            "form": form,
            "detail_url": _detail_url(assessment),
        },
    )


def _render_conflict(
    request: HttpRequest,
    case: Case,
    assessment: Assessment,
    section: s.SectionDef,
    exc: ConcurrentChangeError,
    *,
    yours: dict[str, Any],
    completed: str,
    base: dict[str, Any] | None,
    form: ConflictForm | None = None,
) -> HttpResponse:
    theirs = exc.extra.get("theirs")
    if theirs is None:  # the section vanished or was never there: open it afresh
        messages.info(request, exc.message)
        return redirect(
            "assessment-section", case_id=case.pk, number=assessment.number, key=section.key
        )
    form = form or ConflictForm(
        section,
        theirs=theirs,
        yours=yours,
        base=base,
        initial={
            "version": exc.extra["version"],
            "completed": completed,
            "yours": ConflictForm.pack(yours),
        },
    )
    return render(
        request,
        "assessments/conflict.html",
        {
            "case": case,
            "tab": TAB,
            "assessment": assessment,
            "section": section,
            "form": form,
            "updated_by": exc.extra.get("updated_by", "Someone"),
            "updated_at": exc.extra.get("updated_at"),
            "message": exc.message,
            "detail_url": _detail_url(assessment),
        },
        status=409,
    )


def _resolve_conflict(
    request: HttpRequest,
    case: Case,
    assessment: Assessment,
    section: s.SectionDef,
    rows: dict[str, Any],
    context: s.SectionContext,
) -> HttpResponse:
    row = rows.get(section.key)
    theirs = dict(row.data) if row else {}
    yours = ConflictForm.unpack(request.POST.get("yours", ""))
    completed = request.POST.get("completed", "no")
    form = ConflictForm(section, request.POST, theirs=theirs, yours=yours)
    if not form.is_valid():
        exc = ConcurrentChangeError(
            "Choose which answers to keep",
            {
                "theirs": theirs,
                "version": row.version if row else 0,
                "updated_by": row.updated_by.full_name if row else "",
                "updated_at": row.updated_at.isoformat() if row else None,
            },
        )
        return _render_conflict(
            request,
            case,
            assessment,
            section,
            exc,
            yours=yours,
            completed=completed,
            base=None,
            form=form,
        )
    values = form.resolved()
    try:
        services.assessment_section_save(
            actor=request.user,  # type: ignore[arg-type]
            assessment=assessment,
            key=section.key,
            values=values,
            complete=completed == "yes",
            expected_version=form.cleaned_data["version"],
        )
    except ConcurrentChangeError as exc:
        return _render_conflict(
            request, case, assessment, section, exc, yours=values, completed=completed, base=None
        )
    except ApplicationError as exc:
        section_form = SectionForm(
            section,
            _bound_data(
                section,
                values,
                version=row.version if row else 0,
                completed=completed,
            ),
        )
        section_form.is_valid()
        add_application_error(section_form, exc)
        return _render_section(request, case, assessment, section, section_form, context)
    messages.success(request, f"'{section.title}' saved")
    return redirect(_detail_url(assessment))


@case_page()
def assessment_check(request: HttpRequest, case: Case, number: int) -> HttpResponse:
    """Check your answers, then submit the assessment for sign-off."""
    case, assessment, rows, context = _page(request, case, number)
    require(request.user, Action.WORK, case)
    if not assessment.is_draft:
        return redirect(_detail_url(assessment))
    form = SubmitForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(
                actor=request.user,  # type: ignore[arg-type]
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as exc:
            assessment = selectors.assessment_for(case=case, number=number)
            assessment.case = case
            form = SubmitForm({"version": assessment.version})
            form.is_valid()
            listed = exc.extra.get("__all__")
            for message in listed if isinstance(listed, list) else [exc.message]:
                form.add_error(None, message)
            rows = selectors.section_rows(assessment=assessment)
            context = selectors.section_context(assessment=assessment, rows=rows)
        else:
            messages.success(request, "Assessment submitted for sign-off")
            return redirect("assessment-tab", case_id=case.pk)
    incomplete = selectors.incomplete_sections(context=context, rows=rows)
    return render(
        request,
        "assessments/check.html",
        {
            "case": case,
            "tab": TAB,
            "assessment": assessment,
            "sections": selectors.assessment_answers(context=context, rows=rows),
            "incomplete": incomplete,
            "form": form,
        },
    )


@case_page()
def assessment_review(request: HttpRequest, case: Case, number: int) -> HttpResponse:
    """A manager signs off a submitted assessment or returns it with comments."""
    case, assessment, rows, context = _page(request, case, number)
    require(request.user, Action.SIGN_OFF, case)
    if assessment.state != AssessmentState.SUBMITTED:
        messages.info(request, "Only a submitted assessment can be signed off or returned")
        return redirect(_detail_url(assessment))
    form = ReviewForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "sign_off":
                services.assessment_sign_off(
                    actor=request.user,  # type: ignore[arg-type]
                    assessment=assessment,
                    comments=form.cleaned_data["comments"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, "Assessment signed off")
            else:
                services.assessment_return(
                    actor=request.user,  # type: ignore[arg-type]
                    assessment=assessment,
                    comments=form.cleaned_data["comments"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, "Assessment returned to the lead practitioner")
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            return redirect("assessment-tab", case_id=case.pk)
    return render(
        request,
        "assessments/review.html",
        {
            "case": case,
            "tab": TAB,
            "assessment": assessment,
            "sections": selectors.assessment_answers(context=context, rows=rows),
            "form": form,
        },
    )


@case_page()
def assessment_compare(request: HttpRequest, case: Case) -> HttpResponse:
    """Two versions side by side, section by section, changed sections marked."""
    versions = selectors.case_assessments(case=case)
    if len(versions) < 2:
        raise Http404("There is only one version")
    by_number = {v.number: v for v in versions}
    try:
        before_n = int(request.GET.get("from") or versions[-2].number)
        after_n = int(request.GET.get("to") or versions[-1].number)
    except ValueError:
        raise Http404("No such version") from None
    if before_n not in by_number or after_n not in by_number:
        raise Http404("No such version")
    before, after = by_number[before_n], by_number[after_n]
    before.case = after.case = case
    comparison = selectors.compare_versions(before=before, after=after)
    return render(
        request,
        "assessments/compare.html",
        {
            "case": case,
            "tab": TAB,
            "versions": versions,
            "before": before,
            "after": after,
            "comparison": comparison,
            "changed": sum(1 for c in comparison if c.changed),
        },
    )


@case_page(Action.WORK)
def problem_progress(request: HttpRequest, case: Case, headline_id: int) -> HttpResponse:
    """Record progress against one of the family's headline problems."""
    problem = next(
        (p for p in selectors.headline_problems(case) if p.headline_id == headline_id), None
    )
    if problem is None:
        raise Http404("No such problem")
    headline = get_object_or_404(HeadlineProblem, pk=headline_id)
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.problem_progress_record(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                headline=headline,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                recorded_on=form.cleaned_data["recorded_on"],
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Progress on '{headline.name}' recorded")
            return redirect("assessment-tab", case_id=case.pk)
    return render(
        request,
        "assessments/progress.html",
        {"case": case, "tab": TAB, "problem": problem, "form": form},
    )

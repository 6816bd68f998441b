"""Case file audits: the grades over time, picking a sample, auditing one case."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.url_policy import Policy, access_policy
from partners.roles import Role
from reporting import audits
from reporting.forms.audits import AuditForm, SampleForm
from reporting.models import Grade

AUDITORS = {Role.MANAGER}


@access_policy(Policy.ROLES, roles=AUDITORS)
@require_http_methods(["GET"])
def audits_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(audits.audit_list(user=request.user), 25).get_page(request.GET.get("page"))
    rows = audits.grades_over_time(user=request.user)
    return render(
        request,
        "reporting/audits.html",
        {
            "page": page,
            "grade_rows": rows,
            "grades": Grade.choices,
            "learning": audits.learning_list(user=request.user),
        },
    )


@access_policy(Policy.ROLES, roles=AUDITORS)
@require_http_methods(["GET", "POST"])
def audit_sample_page(request: HttpRequest) -> HttpResponse:
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_criteria = data["method"] == "criteria"
        criteria = audits.SampleCriteria(
            method=data["method"],
            size=data["size"],
            zone_id=data["zone"].pk if by_criteria and data["zone"] else None,
            state=data["state"] if by_criteria else "",
            lead_agency_id=data["lead_agency"].pk if by_criteria and data["lead_agency"] else None,
            closed_from=data["closed_from"] if by_criteria else None,
            closed_to=data["closed_to"] if by_criteria else None,
        )
        try:
            sample = audits.audit_sample_create(actor=request.user, criteria=criteria)
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            messages.success(request, f"Sample picked: {sample.description}")
            return redirect("audits")
    return render(request, "reporting/audit_sample.html", {"form": form})


@access_policy(Policy.CASE)
@require_http_methods(["GET", "POST"])
def audit_page(request: HttpRequest, audit_id: int) -> HttpResponse:
    audit = audits.audit_for(user=request.user, audit_id=audit_id)
    questions = audits.questions(audit)
    answers = {a.question_id: a for a in audit.answers.all()}
    initial: dict[str, object] = {
        "version": audit.version,
        "overall_grade": audit.overall_grade,
        "summary": audit.summary,
        "learning": audit.learning,
    }
    for q in questions:
        if q.pk in answers:
            initial[f"grade_{q.pk}"] = answers[q.pk].grade
            initial[f"comment_{q.pk}"] = answers[q.pk].comment
    form = AuditForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and not audit.is_completed and form.is_valid():
        data = form.cleaned_data
        try:
            audits.audit_save(
                actor=request.user,
                audit=audit,
                version=data["version"],
                answers=[
                    audits.AnswerInput(q.pk, data[f"grade_{q.pk}"], data[f"comment_{q.pk}"])
                    for q in questions
                ],
                overall_grade=data["overall_grade"],
                summary=data["summary"],
                learning=data["learning"],
                actions=data["actions"].splitlines(),
                action_due=data["action_due"],
                complete="complete" in request.POST,
            )
        except ApplicationError as exc:
            add_application_error(form, exc)
        else:
            done = "complete" in request.POST
            messages.success(
                request, f"Audit of {audit.case.reference} {'completed' if done else 'saved'}"
            )
            return redirect("audits") if done else redirect("audit", audit_id=audit.pk)
    return render(request, "reporting/audit.html", {"audit": audit, "form": form})

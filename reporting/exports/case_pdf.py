"""The case audit PDF: everything the exporter may see about one case, on paper.

Used for case file audits, complaints, court bundles and subject access. Content is
read through the same selectors as the pages, as the exporter: a restricted note the
exporter may not read never reaches the document. The Outcome Star chart is the same
SVG as the page.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from cases import selectors as case_selectors
from cases.access import Action, can, visible_cases
from cases.models import AuditEntry, Case, CaseTransition
from cases.models.audit import AuditAction
from reporting.exports.pdf import render_pdf
from reporting.exports.registry import ExportKind, ProducedFile, Progress, register

KIND = "case_pdf"


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


def _assessment_context(case: Case) -> dict[str, Any]:
    from assessments import selectors as assessment_selectors
    from assessments.star_chart import star_svg

    versions = assessment_selectors.case_assessments(case=case)
    shown = assessment_selectors.latest_signed_off_assessment(case) or (
        versions[-1] if versions else None
    )
    answers = []
    if shown is not None:
        rows = assessment_selectors.section_rows(assessment=shown)
        context = assessment_selectors.section_context(assessment=shown, rows=rows)
        answers = assessment_selectors.assessment_answers(context=context, rows=rows)
    star = assessment_selectors.star_page(case=case)
    chart = ""
    if star.chart:
        chart = star_svg(
            scales=star.scales, readings=star.chart, star_name=star.star_name, id_prefix="pdf-star"
        )
    readings = assessment_selectors.measure_readings(case=case)
    return {
        "assessment_versions": versions,
        "assessment": shown,
        "assessment_sections": answers,
        "headline_problems": assessment_selectors.headline_problems(case) if shown else [],
        "star": star,
        "star_chart": mark_safe(chart),  # noqa: S308 - built by star_svg, which escapes
        "measure_changes": assessment_selectors.measure_changes(readings),
    }


def _plan_context(case: Case) -> dict[str, Any]:
    """The family plan and TAF meetings, when the plans app provides them."""
    try:
        plan_selectors = importlib.import_module("family_plans.selectors")
    except ImportError:  # pragma: no cover - the plans app is part of the product
        return {}
    builder = getattr(plan_selectors, "case_pdf_context", None)
    return builder(case=case) if builder else {}


def case_pdf_context(*, case: Case, viewer: Any) -> dict[str, Any]:
    """Everything the document shows, read as `viewer`."""
    now = timezone.now()
    exports = AuditEntry.objects.filter(
        case_id=case.pk, action__in=[AuditAction.EXPORT, AuditAction.DOWNLOAD]
    ).order_by("-id")[:200]
    context: dict[str, Any] = {
        "case": case,
        "viewer": viewer,
        "exported_at": now,
        "marking": settings.PROTECTIVE_MARKING,
        "service_name": settings.SERVICE_NAME,
        "organisation": getattr(settings, "ORGANISATION_NAME", ""),
        "enquiry": getattr(case, "enquiry", None),
        "household": case_selectors.household(family=case.family),
        "transitions": CaseTransition.objects.filter(case=case)
        .select_related("actor")
        .order_by("at", "id"),
        "chronology": case_selectors.case_chronology(user=viewer, case=case).order_by("at", "id"),
        "consents": case_selectors.case_consents(case=case),
        "team": case_selectors.case_team(case=case),
        "shares": case_selectors.case_shares(case=case),
        "disclosures": case_selectors.case_disclosures(case=case),
        "notes": case_selectors.case_notes(user=viewer, case=case),
        "viewers": case_selectors.case_viewers(case=case),
        "exports": exports,
    }
    context.update(_assessment_context(case))
    context.update(_plan_context(case))
    sections = [
        Section("chronology", "Chronology"),
        Section("enquiry", "Enquiry and screening"),
        Section("family", "Family and household"),
        Section("consent", "Consent and information sharing"),
        Section("assessment", "Early Help Assessment"),
        Section("outcome-star", "Outcome Star and measures"),
    ]
    if context.get("plan") is not None or context.get("meetings"):
        sections += [
            Section("plan", "Family plan"),
            Section("meetings", "Team Around the Family meetings"),
        ]
    sections += [
        Section("notes", "Case notes"),
        Section("closure", "Closure"),
        Section("access", "Who has accessed this case"),
    ]
    context["sections"] = sections
    return context


def allowed(user: Any, case: Case | None, params: dict[str, Any]) -> bool:
    return (
        case is not None
        and visible_cases(user).filter(pk=case.pk).exists()
        and can(user, Action.EXPORT, case)
    )


def title(case: Case | None, params: dict[str, Any]) -> str:
    return f"Case audit PDF: {case.reference if case else ''}"


def render_case_html(*, case: Case, viewer: Any) -> str:
    return render_to_string("pdf/case.html", case_pdf_context(case=case, viewer=viewer))


def produce(
    user: Any, case: Case | None, params: dict[str, Any], progress: Progress
) -> ProducedFile:
    if case is None or not allowed(user, case, params):
        raise PermissionError("The exporter may no longer export this case")
    progress(10, "Gathering the case record")
    html = render_case_html(case=case, viewer=user)
    progress(40, "Laying out the pages")
    rendered = render_pdf(html)
    progress(95, "Saving the file")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return ProducedFile(
        content=rendered.content,
        file_name=f"{case.reference}-{stamp}.pdf",
        content_type="application/pdf",
        pages=rendered.pages,
    )


register(
    ExportKind(key=KIND, label="Case audit PDF", allowed=allowed, title=title, produce=produce)
)

"""The case audit PDF: everything the exporter may see about one case, on paper.

Used for case file audits, complaints, court bundles and subject access. Content is
read through the same selectors as the pages, as the exporter: a restricted note the
exporter may not read never reaches the document. The Outcome Star chart is the same
SVG as the page. The family plan and the TAF meetings come from family_plans (reporting
reads every app; cases/ may not), and the closure's exit plan from the proposal signed
off, since the case row keeps only the reason and the level.

Histories run oldest first throughout, as a chronology should; each section's
introduction says which way its entries run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from cases import selectors as case_selectors
from cases.access import Action, can, visible_cases
from cases.audit import audit_refusal
from cases.models import (
    AuditEntry,
    Case,
    CaseTransition,
    ClosureProposal,
    ClosureStatus,
    NoteVisibility,
)
from cases.models.audit import AuditAction
from cases.note_withheld import withheld_notes
from cases.selectors.journey import closure_proposals
from documents import selectors as document_selectors
from family_plans import selectors as plan_selectors
from reporting.exports.pdf import render_pdf
from reporting.exports.registry import ExportKind, ProducedFile, Progress, register

KIND = "case_pdf"


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str


SECTIONS = (
    Section("chronology", "Chronology"),
    Section("enquiry", "Enquiry and screening"),
    Section("family", "Family and household"),
    Section("consent", "Consent and information sharing"),
    Section("assessment", "Early Help Assessment"),
    Section("outcome-star", "Outcome Star and measures"),
    Section("plan", "Family plan"),
    Section("meetings", "Team Around the Family meetings"),
    Section("notes", "Case notes"),
    Section("documents", "Documents"),
    Section("closure", "Closure"),
    Section("access", "Who has accessed this case"),
)


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
    """The family plan (with its versions and reviews) and the TAF and family network
    meetings. Read directly: a document that silently leaves out the plan would pass for
    a complete record, so a missing selector must fail the export instead."""
    found = plan_selectors.case_pdf_context(case=case)
    return {
        "plan": found.plan,
        "meetings": found.meetings,
        "network_meetings": found.network_meetings,
    }


def _closure_context(case: Case) -> dict[str, Any]:
    """The proposal that closed the case (reason, exit plan, where to get help, closing
    level, the family's feedback) and the others made before it, oldest first."""
    proposals = closure_proposals(case=case)
    signed_off: ClosureProposal | None = next(
        (p for p in reversed(proposals) if p.status == ClosureStatus.SIGNED_OFF), None
    )
    return {
        "closure": signed_off,
        "other_closure_proposals": [p for p in proposals if p is not signed_off],
    }


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
        "consents": case_selectors.case_consents(case=case).order_by("recorded_at", "id"),
        "team": case_selectors.case_team(case=case).order_by("started_on", "id"),
        "shares": case_selectors.case_shares(case=case).order_by("granted_at", "id"),
        "disclosures": case_selectors.case_disclosures(case=case).order_by("at", "id"),
        # Oldest first, like the chronology (the Notes tab shows the newest first).
        "notes": case_selectors.case_notes(user=viewer, case=case).order_by("contact_date", "id"),
        # The notes the exporter may not read: counted, never shown, so the document
        # does not pass for the whole record.
        "withheld_notes": withheld_notes(user=viewer, case=case),
        # A note's heading names who may read it only when that is not everyone.
        "everyone": NoteVisibility.EVERYONE,
        "viewers": case_selectors.case_viewers(case=case),
        "exports": exports,
    }
    context.update(_assessment_context(case))
    context.update(_plan_context(case))
    context.update(_closure_context(case))
    context["documents"] = document_selectors.case_documents(user=viewer, case=case).order_by(
        "document_date", "id"
    )
    context["sections"] = SECTIONS
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
        if case is not None:  # they lost the right between asking and the file being made
            audit_refusal(actor=user, reason=f"export '{KIND}' no longer allowed", case_id=case.pk)
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

"""The allocation meeting record as a PDF: who attended, and the decision about each
family, with the protective marking on every page.

Produced by the export machinery (reporting/exports) as a background job, like the case
PDF and the board pack, so the request and the file are audited and the file is kept
privately for its requester only. It reads the same selector as the record page
(`cases.selectors.allocation.meeting_record`), as the requester: families on the agenda
they may not see are left out, exactly as on the page. cases/ does not import reporting:
the record page offers the PDF through the URL name this app serves.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from cases.audit import audit_refusal
from cases.models import AllocationMeeting, Case
from cases.selectors import allocation as meetings
from partners.selectors import user_has_oversight_role
from reporting.exports.pdf import render_pdf
from reporting.exports.registry import ExportKind, ProducedFile, Progress, register

KIND = "allocation_meeting_record"


def _meeting(user: Any, params: dict[str, Any]) -> AllocationMeeting | None:
    """The meeting named in `params` when `user` covers its zone or family hub."""
    try:
        return meetings.meeting_for(user=user, meeting_id=params.get("meeting"))
    except Http404:
        return None


def allowed(user: Any, case: Case | None, params: dict[str, Any]) -> bool:
    """Whoever may see the meeting's record page: a coordinator or manager covering it."""
    return (
        case is None
        and user_has_oversight_role(user=user, roles=meetings.MEETING_ROLES)
        and _meeting(user, params) is not None
    )


def title(case: Case | None, params: dict[str, Any]) -> str:
    """The job's title. Called only once `allowed` has passed (export_request), so the
    meeting read here is one the requester covers."""
    meeting = (
        AllocationMeeting.objects.select_related("zone", "family_hub")
        .filter(pk=int(params.get("meeting") or 0))
        .first()
    )
    if meeting is None:
        return "Allocation meeting record"
    held_on = f"{meeting.held_on.day} {meeting.held_on:%B %Y}"
    return f"Allocation meeting record: {meeting.place_name}, {held_on}"


def meeting_record_html(*, user: Any, meeting: AllocationMeeting) -> str:
    context = {
        "marking": settings.PROTECTIVE_MARKING,
        "service_name": settings.SERVICE_NAME,
        "organisation": getattr(settings, "ORGANISATION_NAME", ""),
        "produced_at": timezone.now(),
        "requester": user,
        "meeting": meeting,
        "record": meetings.meeting_record(user=user, meeting=meeting),
    }
    return render_to_string("pdf/allocation_meeting_record.html", context)


def produce(
    user: Any, case: Case | None, params: dict[str, Any], progress: Progress
) -> ProducedFile:
    meeting = _meeting(user, params) if case is None else None
    if meeting is None or not user_has_oversight_role(user=user, roles=meetings.MEETING_ROLES):
        # They lost the right between asking and the file being made.
        audit_refusal(
            actor=user,
            reason=f"export '{KIND}' no longer allowed",
            detail={"meeting": params.get("meeting")},
        )
        raise PermissionError("The requester may no longer see this meeting's record")
    progress(10, "Reading the meeting's decisions")
    html = meeting_record_html(user=user, meeting=meeting)
    progress(40, "Laying out the pages")
    rendered = render_pdf(html)
    progress(95, "Saving the file")
    return ProducedFile(
        content=rendered.content,
        file_name=f"allocation-meeting-{meeting.held_on:%Y-%m-%d}-{meeting.pk}.pdf",
        content_type="application/pdf",
        pages=rendered.pages,
    )


register(
    ExportKind(
        key=KIND,
        label="Allocation meeting record",
        allowed=allowed,
        title=title,
        produce=produce,
    )
)

"""Tags of a document's state and visibility, shown the same way on every page."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cases.models import NoteVisibility
from documents.models import Document, ScanState

register = template.Library()

SCAN_COLOURS = {
    ScanState.PENDING: "govuk-tag--blue",
    ScanState.CLEAN: "govuk-tag--green",
    ScanState.INFECTED: "govuk-tag--red",
    ScanState.UNSCANNED: "govuk-tag--orange",
}


@register.simple_tag
def scan_state_tag(document: Document) -> SafeString:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        SCAN_COLOURS.get(ScanState(document.scan_state), ""),
        document.get_scan_state_display(),
    )


@register.simple_tag
def document_visibility(document: Document) -> SafeString:
    if document.visibility == NoteVisibility.EVERYONE:
        return format_html("{}", "Everyone working on the case")
    if document.visibility == NoteVisibility.LEAD_AGENCY:
        return format_html('<strong class="govuk-tag govuk-tag--yellow">Lead agency only</strong>')
    names = [r.user.full_name for r in document.readers.all()]
    return format_html(
        '<strong class="govuk-tag govuk-tag--red">Restricted</strong> {}', ", ".join(names)
    )

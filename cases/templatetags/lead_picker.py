"""The lead practitioner select, grouped by agency and zone.

GOV.UK Frontend's select component has no option groups, so this renders the same
markup by hand (form group, label, hint, error message, select) with an <optgroup> per
agency and zone. It is a plain select: it works without JavaScript, and a screen reader
announces the agency and zone of each person from its group. With `autocomplete=True`
static/js/lead-autocomplete.mjs enhances it with the accessible autocomplete (type part
of a name, agency or zone); the select stays in the form and is what is submitted.
"""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


def _options(field: BoundField) -> SafeString:
    chosen = str(field.value() or "")
    parts: list[SafeString] = []
    for value, label in field.field.choices:  # type: ignore[attr-defined]
        if isinstance(label, list | tuple):
            inner = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((v, " selected" if str(v) == chosen else "", text) for v, text in label),
            )
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', value, inner))
        else:
            selected = " selected" if str(value) == chosen else ""
            parts.append(format_html('<option value="{}"{}>{}</option>', value, selected, label))
    return SafeString("".join(parts))


@register.simple_tag
def lead_select(field: BoundField, autocomplete: bool = False) -> SafeString:
    """A GOV.UK select with the lead practitioner choices grouped by agency and zone."""
    field_id = field.auto_id
    described = [f"{field_id}-hint"] if field.help_text else []
    error = ""
    if field.errors:
        described.append(f"{field_id}-error")
        error = format_html(
            '<p id="{}-error" class="govuk-error-message">'
            '<span class="govuk-visually-hidden">Error:</span> {}</p>',
            field_id,
            field.errors[0],
        )
    hint = (
        format_html('<div id="{}-hint" class="govuk-hint">{}</div>', field_id, field.help_text)
        if field.help_text
        else ""
    )
    return format_html(
        '<div class="govuk-form-group{}">'
        '<label class="govuk-label" id="{}-label" for="{}">{}</label>{}{}'
        '<select class="govuk-select app-lead-select{}" id="{}" name="{}"{}{}>{}</select>'
        "</div>",
        " govuk-form-group--error" if field.errors else "",
        field_id,
        field_id,
        field.label,
        hint,
        error,
        " govuk-select--error" if field.errors else "",
        field_id,
        field.html_name,
        format_html(' aria-describedby="{}"', " ".join(described)) if described else "",
        SafeString(' data-module="app-lead-autocomplete"') if autocomplete else "",
        _options(field),
    )

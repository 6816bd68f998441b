"""Template tags of the plan and meetings pages.

{% load plan_tags %}
{% date_picker_field form.due_on %}     the GOV.UK text input inside an MOJ date picker
{% action_status_tag action %}          Not started / In progress / Done / Dropped / Overdue
{{ "2026-06-17"|iso_date }}             17 June 2026 (dates kept in a plan version)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

from earlyhelp.templatetags.govuk import govuk_date, govuk_field, govuk_tag
from family_plans.models import ActionStatus, MeetingStatus, OfferResponse, PlanStatus

register = template.Library()

STATUS_COLOURS = {
    ActionStatus.NOT_STARTED: "grey",
    ActionStatus.IN_PROGRESS: "blue",
    ActionStatus.DONE: "green",
    ActionStatus.DROPPED: "yellow",
}


@register.simple_tag
def date_picker_field(field: BoundField, **kwargs: Any) -> SafeString:
    """A date field as the MOJ date picker: a text input with a calendar button."""
    inner = govuk_field(field, classes="moj-js-datepicker-input govuk-input--width-10", **kwargs)
    return format_html('<div class="moj-datepicker" data-module="moj-date-picker">{}</div>', inner)


@register.simple_tag
def action_status_tag(action: Any, today: dt.date | None = None) -> SafeString:
    if today is not None and action.is_overdue_on(today):
        return govuk_tag("Overdue", "red")
    status = ActionStatus(action.status)
    return govuk_tag(status.label, STATUS_COLOURS[status])


@register.simple_tag
def status_label_tag(status: str) -> SafeString:
    """The tag of an action status kept in a plan version."""
    value = ActionStatus(status)
    return govuk_tag(value.label, STATUS_COLOURS[value])


@register.simple_tag
def plan_status_tag(plan: Any) -> SafeString:
    colour = {PlanStatus.DRAFT: "grey", PlanStatus.AGREED: "green", PlanStatus.CHANGED: "yellow"}
    status = PlanStatus(plan.status)
    label = {
        PlanStatus.DRAFT: "Draft",
        PlanStatus.AGREED: "Agreed",
        PlanStatus.CHANGED: "Changes not yet agreed",
    }[status]
    return govuk_tag(label, colour[status])


@register.simple_tag
def meeting_status_tag(meeting: Any) -> SafeString:
    colour = {MeetingStatus.SCHEDULED: "blue", MeetingStatus.HELD: "green"}
    status = MeetingStatus(meeting.status)
    return govuk_tag(status.label, colour.get(status, "grey"))


@register.simple_tag
def offer_tag(meeting: Any) -> SafeString:
    if meeting.facilitated_on:
        return govuk_tag("Held", "green")
    colour = {OfferResponse.AWAITING: "blue", OfferResponse.ACCEPTED: "turquoise"}
    response = OfferResponse(meeting.response)
    label = {OfferResponse.AWAITING: "Offered"}.get(response, response.label)
    return govuk_tag(label, colour.get(response, "grey"))


@register.filter
def iso_date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return govuk_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


@register.filter
def need_title(key: str, needs: dict[str, Any]) -> str:
    need = needs.get(key)
    return need.title if need is not None else "A need no longer in the assessment"


@register.filter
def meeting_time(meeting: Any) -> str:
    """Tuesday 20 October 2026, 10am to 11:30am"""
    from django.utils import timezone

    starts = timezone.localtime(meeting.starts_at)
    ends = timezone.localtime(meeting.ends_at)

    def clock(moment: dt.datetime) -> str:
        minutes = f":{moment:%M}" if moment.minute else ""
        return f"{moment.hour % 12 or 12}{minutes}{'am' if moment.hour < 12 else 'pm'}"

    return f"{starts:%A} {starts.day} {starts:%B %Y}, {clock(starts)} to {clock(ends)}"


@register.simple_tag
def error_summary_all(forms_: list[Any]) -> SafeString:
    """One GOV.UK error summary for a form and the rows of its formsets."""
    from earlyhelp.templatetags.govuk import govuk_error_summary

    return govuk_error_summary(*forms_)


@register.simple_tag
def checkboxes_field(
    field: BoundField, *, small: bool = False, hint: str | None = None
) -> SafeString:
    """A multiple-choice field as GOV.UK checkboxes.

    (`govuk_field` tests for RadioSelect before CheckboxSelectMultiple, which Django
    derives from RadioSelect, so it draws these as radios.)
    """
    from earlyhelp.govuk.components import render_component

    value = field.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple | set) else set()
    return render_component(
        "checkboxes",
        {
            "idPrefix": field.auto_id,
            "name": field.html_name,
            "fieldset": {
                "legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--s"}
            },
            "classes": "govuk-checkboxes--small" if small else None,
            "hint": {"text": hint or str(field.help_text)} if (hint or field.help_text) else None,
            "errorMessage": {"text": " ".join(str(e) for e in field.errors)}
            if field.errors
            else None,
            "items": [
                {"value": str(v), "text": str(t), "checked": str(v) in selected}
                for v, t in field.field.choices  # type: ignore[attr-defined]
            ],
        },
    )

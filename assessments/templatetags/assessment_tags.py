"""Template helpers for the assessment pages: status tags, the task list, conflict choices."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import slugify

from assessments.models import AssessmentState, ReadingKind, SectionStatus
from earlyhelp.govuk.components import render_component
from earlyhelp.templatetags.govuk import govuk_field, radios_revealing_html

register = template.Library()

STATE_COLOURS = {
    AssessmentState.DRAFT: "grey",
    AssessmentState.SUBMITTED: "yellow",
    AssessmentState.SIGNED_OFF: "green",
}
KIND_COLOURS = {
    ReadingKind.JOINT: "green",
    ReadingKind.WORKER_ONLY: "grey",
    ReadingKind.WORKER_VIEW: "blue",
    ReadingKind.FAMILY_VIEW: "purple",
}
KIND_SHORT = {
    ReadingKind.JOINT: "With the family",
    ReadingKind.WORKER_ONLY: "Worker only",
    ReadingKind.WORKER_VIEW: "Worker's view",
    ReadingKind.FAMILY_VIEW: "Family's view",
}


@register.simple_tag
def assessment_state_tag(state: str) -> SafeString:
    return render_component(
        "tag",
        {
            "text": AssessmentState(state).label,
            "classes": f"govuk-tag--{STATE_COLOURS.get(AssessmentState(state), 'grey')}",
        },
    )


@register.simple_tag
def reading_kind_tag(kind: str) -> SafeString:
    reading_kind = ReadingKind(kind)
    return render_component(
        "tag",
        {
            "text": KIND_SHORT.get(reading_kind, reading_kind.label),
            "classes": f"govuk-tag--{KIND_COLOURS.get(reading_kind, 'grey')}",
        },
    )


@register.simple_tag
def task_list(case_id: int, number: int, group: Any) -> SafeString:
    """A GOV.UK task list of one group of assessment sections with their statuses."""
    items = []
    for task in group.tasks:
        status: dict[str, Any]
        if task.status == SectionStatus.COMPLETED:
            status = {"text": "Completed"}
        elif task.status == SectionStatus.IN_PROGRESS:
            status = {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}}
        else:
            status = {"tag": {"text": "Not started", "classes": "govuk-tag--blue"}}
        hint = None
        if task.section.person_id is not None:
            hint = {"text": "Child" if task.section.kind == "child" else "Parent or carer"}
        items.append(
            {
                "title": {"text": task.section.title},
                "hint": hint,
                "href": reverse(
                    "assessment-section",
                    kwargs={"case_id": case_id, "number": number, "key": task.section.key},
                ),
                "status": status,
            }
        )
    return render_component(
        "task-list", {"idPrefix": f"tasks-{slugify(group.heading)}", "items": items}
    )


@register.simple_tag
def submit_task(case_id: int, number: int, ready: bool) -> SafeString:
    item: dict[str, Any] = {"title": {"text": "Check your answers and submit"}}
    if ready:
        item["href"] = reverse("assessment-check", kwargs={"case_id": case_id, "number": number})
        item["status"] = {"tag": {"text": "Not started", "classes": "govuk-tag--blue"}}
    else:
        item["status"] = {
            "text": "Cannot start yet",
            "classes": "govuk-task-list__status--cannot-start-yet",
        }
    return render_component("task-list", {"idPrefix": "submit", "items": [item]})


@register.simple_tag
def conflict_choice(choice: BoundField, merged: BoundField | None) -> SafeString:
    """Radios to keep the saved answer, yours, or combine them, then the combined text box.

    The text box is always shown (not revealed by the radio): a conditional reveal
    sets aria-expanded on a radio, which assistive technology does not support.
    """
    selected = choice.value()
    radios = render_component(
        "radios",
        {
            "idPrefix": choice.auto_id,
            "name": choice.html_name,
            "fieldset": {
                "legend": {
                    "text": "Which answer do you want to keep?",
                    "classes": "govuk-fieldset__legend--s",
                }
            },
            "items": [
                {"value": value, "text": label, "checked": value == selected}
                for value, label in choice.field.choices  # type: ignore[attr-defined]
            ],
            "errorMessage": {"text": " ".join(str(e) for e in choice.errors)}
            if choice.errors
            else None,
        },
    )
    if merged is None:
        return radios
    box = govuk_field(merged, hint="Only if you chose to combine them: edit the text to keep.")
    return SafeString(str(radios) + str(box))


@register.filter
def signed(value: int | None) -> str:
    """A change with its sign: +3, -2, 0."""
    if value is None:
        return ""
    return f"+{value}" if value > 0 else str(value)


@register.filter
def unanswered(answers: list[Any]) -> str:
    """The questions of a section left blank, in one line ("Not answered: x, y"), so check
    your answers shows what was said rather than a page of "Not answered"."""
    return ", ".join(
        f"{a.field.group}: {a.field.label}" if a.field.group else str(a.field.label)
        for a in answers
        if not a.text
    )


@register.simple_tag
def star_reading_way(form: Any) -> SafeString:
    """How the reading was taken, the family's own scores revealed only when the family
    and the worker see it differently (a GOV.UK conditional reveal that needs no script),
    instead of ten more score fields on every reading."""
    rows = render_to_string(
        "assessments/includes/star_family_view.html", {"rows": form.family_rows()}
    )
    return radios_revealing_html(form["way"], "disagree", SafeString(rows))

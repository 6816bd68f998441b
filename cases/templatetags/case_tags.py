"""Template helpers for case pages: state tags and the case sub-navigation."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cases.models import Case
from cases.tabs import tabs_for
from cases.workflow_states import State

register = template.Library()

STATE_COLOURS = {
    State.ENQUIRY_RECEIVED: "light-blue",
    State.SCREENING: "blue",
    State.AWAITING_ALLOCATION: "yellow",
    State.ALLOCATED: "turquoise",
    State.ASSESSMENT: "purple",
    State.PLAN_AND_REVIEW: "green",
    State.CLOSING: "orange",
    State.CLOSED: "grey",
}


@register.simple_tag
def case_state_tag(case: Case) -> SafeString:
    state = State(case.state)
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        STATE_COLOURS.get(state, "grey"),
        state.label,
    )


@register.inclusion_tag("cases/includes/case_sub_navigation.html", takes_context=True)
def case_sub_navigation(context: template.Context, case: Case, current: str) -> dict[str, Any]:
    user = context["request"].user
    return {
        "items": [
            {"label": t.label, "url": t.url(case), "current": t.key == current}
            for t in tabs_for(user, case)
        ]
    }


@register.inclusion_tag("cases/includes/restriction_banner.html")
def case_restriction_banner(case: Case) -> dict[str, Any]:
    """The reason a person of this case is restricted, for the few who still see it."""
    from cases.access import case_restrictions

    return {"restrictions": case_restrictions(case)}

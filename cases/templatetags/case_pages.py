"""Template helpers of the cases lists and pages: pagination, waiting times, next tasks."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from cases.timeliness import TARGET_WORKING_DAYS
from earlyhelp.govuk.components import render_component

register = template.Library()

FRONT_DOOR_TARGET = TARGET_WORKING_DAYS  # from the front door to an offer of help


def _href(context: template.Context, number: int, param: str = "page") -> str:
    query = context["request"].GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def govuk_pagination(
    context: template.Context,
    page: Page,  # type: ignore[type-arg]
    param: str = "page",
    label: str = "Results pages",
) -> SafeString:
    """GOV.UK pagination for a Django page, keeping the other query parameters. A page
    with more than one paged list names each list's parameter and landmark label."""
    paginator = page.paginator
    if paginator.num_pages <= 1:
        return SafeString("")
    shown = sorted(
        {1, paginator.num_pages, page.number - 1, page.number, page.number + 1}
        & set(paginator.page_range)
    )
    items: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append(
            {
                "number": number,
                "href": _href(context, number, param),
                "current": number == page.number,
            }
        )
        previous = number
    return render_component(
        "pagination",
        {
            "previous": {"href": _href(context, page.number - 1, param)}
            if page.has_previous()
            else None,
            "next": {"href": _href(context, page.number + 1, param)} if page.has_next() else None,
            "items": items,
            "landmarkLabel": label,
        },
    )


@register.simple_tag
def results_summary(page: Page) -> str:  # type: ignore[type-arg]
    """'Showing 26 to 50 of 73 results'."""
    count = page.paginator.count
    if count == 0:
        return "No results"
    if page.paginator.num_pages == 1:
        return f"{count} result{'s' if count != 1 else ''}"
    return f"Showing {page.start_index()} to {page.end_index()} of {count} results"


@register.simple_tag
def offer_clock_of(case: Any) -> Any:
    """The case's 10-working-day clock (cases/offer_clock.py), or None."""
    from cases.offer_clock import offer_clock

    return offer_clock(case)


@register.simple_tag
def waiting_tag(days: int) -> SafeString:
    """Working days waiting against the front door's 10-working-day target."""
    if days > FRONT_DOOR_TARGET:
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">Over target by {} day{}</strong>',
            days - FRONT_DOOR_TARGET,
            "" if days - FRONT_DOOR_TARGET == 1 else "s",
        )
    if days == FRONT_DOOR_TARGET:  # the due day itself: still in time, but only today
        return SafeString('<strong class="govuk-tag govuk-tag--orange">Due today</strong>')
    if days >= FRONT_DOOR_TARGET - 2:
        return SafeString('<strong class="govuk-tag govuk-tag--yellow">Near target</strong>')
    return SafeString("")


@register.inclusion_tag("cases/includes/next_tasks.html", takes_context=True)
def next_tasks(context: template.Context) -> dict[str, Any]:
    """Links to the signed-in person's next tasks, for the home page."""
    from cases import selectors
    from cases.services import ENQUIRY_ROLES
    from partners.roles import CASEWORK_ROLES, Role

    request = context["request"]
    user = request.user
    roles = {m.role for m in context.get("current_memberships") or []}
    overseeing = set(context.get("oversight_roles") or ())
    tasks: list[dict[str, str]] = []
    if overseeing:
        waiting = selectors.front_door_queue(user=user).count()
        tasks.append(
            {
                "href": reverse("front-door"),
                "text": "Screen enquiries at the front door",
                "hint": f"{waiting} waiting" if waiting else "No enquiries waiting",
            }
        )
    if overseeing:
        tasks.append(
            {
                "href": reverse("allocation-meetings"),
                "text": "Allocation meetings",
                "hint": "Plan and run the weekly meeting: its agenda is the families waiting",
            }
        )
    if roles & {Role.COORDINATOR, Role.MANAGER}:  # a partner manager: their own staff
        tasks.append(
            {
                "href": reverse("caseloads"),
                "text": "Caseloads",
                "hint": "Open cases of each lead practitioner against their limit",
            }
        )
    if Role.MANAGER in roles:
        from cases.break_glass import review_queue

        to_review = review_queue(user=user).count()
        tasks.append(
            {
                "href": reverse("break-glass-reviews"),
                "text": "Cases opened without a relationship",
                "hint": f"{to_review} to review" if to_review else "Nothing to review",
            }
        )
        tasks.append(
            {
                "href": reverse("drift"),
                "text": "Cases drifting",
                "hint": "Open cases you oversee that have stopped moving",
            }
        )
    if roles & CASEWORK_ROLES:
        # One caseload count everywhere: the caseload list's (cases/selectors/caseloads.py).
        from cases.selectors.caseloads import caseload_of

        load = caseload_of(user)
        tasks.append(
            {
                "href": reverse("my-work"),
                "text": "My work",
                "hint": "What is due or overdue across your cases",
            }
        )
        tasks.append(
            {
                "href": reverse("my-cases"),
                "text": "Your cases",
                "hint": f"You lead {load.summary}",
            }
        )
    if roles & ENQUIRY_ROLES:
        tasks.append(
            {
                "href": reverse("enquiry-start"),
                "text": "Raise an enquiry",
                "hint": "Ask the front door for early help for a family",
            }
        )
        tasks.append(
            {
                "href": reverse("family-search"),
                "text": "Find a family",
                "hint": "Search the families you work with",
            }
        )
        tasks.append(
            {
                "href": reverse("your-enquiries"),
                "text": "Your enquiries",
                "hint": "What became of the enquiries you raised",
            }
        )
    return {"tasks": tasks}


@register.filter
def concern_labels(values: list[str] | None) -> list[str]:
    """An enquiry's concern category codes as their labels."""
    from cases.models import ConcernCategory

    labels = dict(ConcernCategory.choices)
    return [str(labels.get(v, v)) for v in values or []]


@register.simple_tag
def govuk_error_summary_all(forms: list[Any]) -> SafeString:
    """One error summary for a list of forms (the people of a household)."""
    from earlyhelp.templatetags.govuk import govuk_error_summary

    return govuk_error_summary(*forms)

"""The count of unread notifications in the header (MOJ notification badge)."""

from __future__ import annotations

import logging
from typing import Any

from django import template
from django.db import DatabaseError

from partners.notifications import unread_count

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    """How many unread notifications the signed-in user has (0 if it cannot be told)."""
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    cached = getattr(user, "_unread_notifications", None)
    if cached is not None:
        return int(cached)
    try:
        count = unread_count(user=user)
    except DatabaseError:  # an error page must still render
        logger.warning("could not count unread notifications", exc_info=True)
        return 0
    user._unread_notifications = count
    return count


@register.simple_tag(takes_context=True)
def notifications_pagination(context: Any, page: Any) -> Any:
    """GOV.UK pagination for the notifications page, keeping the filter."""
    from django.utils.safestring import SafeString

    from earlyhelp.govuk.components import render_component

    paginator = page.paginator
    if paginator.num_pages <= 1:
        return SafeString("")
    request = context["request"]

    def href(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return f"?{query.urlencode()}"

    shown = sorted(
        {1, paginator.num_pages, page.number - 1, page.number, page.number + 1}
        & set(paginator.page_range)
    )
    items: list[dict[str, Any]] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
        previous = number
    return render_component(
        "pagination",
        {
            "previous": {"href": href(page.number - 1)} if page.has_previous() else None,
            "next": {"href": href(page.number + 1)} if page.has_next() else None,
            "items": items,
            "landmarkLabel": "Notification pages",
        },
    )


@register.filter
def get_label(labels: dict[str, str], key: str) -> str:
    return labels.get(key) or key.replace("_", " ").capitalize()


@register.filter
def get_hint(hints: dict[str, str], key: str) -> str:
    return hints.get(key, "")


@register.simple_tag
def notification_kinds_field(field: Any) -> Any:
    """The email choices as GOV.UK checkboxes (`govuk_field` draws a
    CheckboxSelectMultiple as radios, Django deriving it from RadioSelect)."""
    from earlyhelp.govuk.components import render_component

    value = field.value()
    selected = {str(v) for v in value} if isinstance(value, list | tuple | set) else set()
    return render_component(
        "checkboxes",
        {
            "idPrefix": field.auto_id,
            "name": field.html_name,
            "fieldset": {
                "legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--m"}
            },
            "hint": {"text": str(field.help_text)} if field.help_text else None,
            "items": [
                {"value": str(v), "text": str(t), "checked": str(v) in selected}
                for v, t in field.field.choices
            ],
        },
    )

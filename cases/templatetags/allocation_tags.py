"""Template helpers of the allocation meeting pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("cases/allocation/decision_summary.html")
def decision_summary(row: Any) -> dict[str, Any]:
    """An agenda item's decision, as a tag and its details."""
    return {"row": row}

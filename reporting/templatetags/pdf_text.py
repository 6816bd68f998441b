"""Filters for text printed in PDFs, where a page cannot scroll or expand.

Chronology descriptions are summaries: the services that write them keep the first few
hundred characters of a note, a decision or the minutes, cut wherever that fell, often
mid-word. On paper that reads as a mistake, so the PDF shortens them again at a word
boundary and marks the cut with an ellipsis; the section's introduction says so, and
the full text is printed in its own section.
"""

from __future__ import annotations

from django import template

register = template.Library()

ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"
SUMMARY_LIMIT = 280  # below the shortest cut the services make (300 characters)


@register.filter
def shortened_at_word(value: object, limit: int = SUMMARY_LIMIT) -> str:
    """`value` whole when it is at most `limit` characters long; otherwise up to the last
    whole word within the limit, followed by an ellipsis."""
    text = str(value or "").rstrip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1]
    boundary = max(cut.rfind(" "), cut.rfind("\n"))
    # A boundary early on means one very long word (a pasted URL): cut inside it
    # rather than lose most of the description.
    cut = cut[:boundary] if boundary > limit // 2 else cut[:limit]
    return cut.rstrip(" \n,;:.-\N{EN DASH}") + ELLIPSIS

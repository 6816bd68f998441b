"""Filters for text printed in PDFs, where a page cannot scroll or expand.

Chronology descriptions are summaries: the services that write them keep the first few
hundred characters of a note, a decision or the minutes, cut wherever that fell, often
mid-word. On paper that reads as a mistake, so the PDF shortens them again at a word
boundary and marks the cut with an ellipsis; the section's introduction says so, and
the full text is printed in its own section.

Margin boxes (the running header and footer) print CSS strings, so what they show about
the case or the person exporting it is escaped for CSS rather than for HTML.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

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


@register.simple_tag
def css_string(*parts: object) -> str:
    """`parts` joined as one quoted CSS string, for the running header and footer.

    Margin boxes print text written into the document's `<style>`, where HTML escaping
    does not apply (an apostrophe would print as `&#x27;`) and a name holding `"` or
    `</style>` could end the string or the stylesheet. So every character that could do
    either is written as a CSS escape instead, and the result is marked safe. Printing
    a string costs the layout far less than a running element laid out on every page.
    """
    escaped = []
    for char in "".join(str(part) for part in parts if part is not None):
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            # A hex escape ends at the space after it, which CSS then drops.
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return mark_safe('"' + "".join(escaped) + '"')  # noqa: S308 - special characters escaped

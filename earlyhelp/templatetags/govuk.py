"""Template tags that render Django forms and fields as GOV.UK Frontend components.

{% load govuk %}
{% govuk_error_summary form %}
{% govuk_field form.family_name %}
{% govuk_field form.urgency legend_size="m" inline=True %}
{% govuk_radios_revealing form.basis "lawful" form.lawful_reason form.agreement %}
{% govuk_tag "Overdue" "red" %}
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.utils.safestring import SafeString

from earlyhelp.govuk.components import render_component
from earlyhelp.govuk.fields import DateInputWidget

register = template.Library()

_SIZE_CLASSES = {
    "s": "govuk-label--s",
    "m": "govuk-label--m",
    "l": "govuk-label--l",
    "xl": "govuk-label--xl",
}
_LEGEND_CLASSES = {
    "s": "govuk-fieldset__legend--s",
    "m": "govuk-fieldset__legend--m",
    "l": "govuk-fieldset__legend--l",
    "xl": "govuk-fieldset__legend--xl",
}


def _error(field: BoundField) -> dict[str, str] | None:
    return {"text": " ".join(str(e) for e in field.errors)} if field.errors else None


def _hint(field: BoundField, hint: str | None) -> dict[str, str] | None:
    text = hint if hint is not None else field.help_text
    return {"text": str(text)} if text else None


def _label(field: BoundField, size: str | None, page_heading: bool) -> dict[str, Any]:
    return {
        "text": str(field.label),
        "classes": _SIZE_CLASSES.get(size or ("l" if page_heading else "")),
        "isPageHeading": page_heading or None,
    }


def _legend(field: BoundField, size: str | None, page_heading: bool) -> dict[str, Any]:
    return {
        "legend": {
            "text": str(field.label),
            "classes": _LEGEND_CLASSES.get(size or ("l" if page_heading else "s")),
            "isPageHeading": page_heading or None,
        }
    }


def _attributes(widget: forms.Widget) -> dict[str, Any]:
    skip = {"class", "inputmode", "autocomplete", "spellcheck", "rows", "maxlength"}
    return {k: v for k, v in widget.attrs.items() if k not in skip and v not in (None, False)}


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _selected(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


def _choices(field: BoundField) -> list[tuple[str, str]]:
    out = []
    for value, label in field.field.choices:  # type: ignore[attr-defined]
        raw = getattr(value, "value", value)
        out.append(("" if raw is None else str(raw), str(label)))
    return out


@register.simple_tag
def govuk_field(
    field: BoundField,
    *,
    label_size: str | None = None,
    page_heading: bool = False,
    hint: str | None = None,
    classes: str | None = None,
    inline: bool = False,
    small: bool = False,
) -> SafeString:
    """Render a bound field as the GOV.UK component that matches its widget."""
    widget = field.field.widget
    common: dict[str, Any] = {
        "hint": _hint(field, hint),
        "errorMessage": _error(field),
    }
    attrs = widget.attrs
    if isinstance(widget, forms.HiddenInput):
        return SafeString(str(field))
    if isinstance(widget, DateInputWidget):
        raw = field.value()
        if isinstance(raw, dt.date):
            parts = [str(raw.day), str(raw.month), str(raw.year)]
        elif isinstance(raw, list | tuple):
            parts = ["" if p is None else str(p) for p in raw]
        else:
            parts = ["", "", ""]
        err = "govuk-input--error" if field.errors else ""
        items = []
        for (part, width), value in zip(
            (("day", 2), ("month", 2), ("year", 4)), parts, strict=True
        ):
            items.append(
                {
                    "id": f"{field.auto_id}_{part}",
                    "name": f"{field.html_name}_{part}",
                    "label": part.capitalize(),
                    "value": value,
                    "classes": f"govuk-input--width-{width} {err}".strip(),
                }
            )
        return render_component(
            "date-input",
            {
                "id": field.auto_id,
                "items": items,
                "fieldset": _legend(field, label_size, page_heading),
                **common,
            },
        )
    # CheckboxSelectMultiple is a subclass of RadioSelect in Django: test it first.
    if isinstance(widget, forms.RadioSelect) and not isinstance(
        widget, forms.CheckboxSelectMultiple
    ):
        selected = _selected(field.value())
        return render_component(
            "radios",
            {
                "idPrefix": field.auto_id,
                "name": field.html_name,
                "fieldset": _legend(field, label_size, page_heading),
                "classes": " ".join(
                    c
                    for c in (
                        classes,
                        "govuk-radios--inline" if inline else None,
                        "govuk-radios--small" if small else None,
                    )
                    if c
                )
                or None,
                "items": [
                    {"value": v, "text": t, "checked": v in selected}
                    for v, t in _choices(field)
                    if v != ""
                ],
                **common,
            },
        )
    if isinstance(widget, forms.CheckboxSelectMultiple):
        selected = _selected(field.value())
        return render_component(
            "checkboxes",
            {
                "idPrefix": field.auto_id,
                "name": field.html_name,
                "fieldset": _legend(field, label_size, page_heading),
                "classes": " ".join(
                    c for c in (classes, "govuk-checkboxes--small" if small else None) if c
                )
                or None,
                "items": [
                    {"value": v, "text": t, "checked": v in selected} for v, t in _choices(field)
                ],
                **common,
            },
        )
    if isinstance(widget, forms.CheckboxInput):
        return render_component(
            "checkboxes",
            {
                "idPrefix": field.auto_id,
                "name": field.html_name,
                "classes": classes,
                "items": [
                    {
                        "value": "true",
                        "text": str(field.label),
                        "checked": bool(field.value())
                        and str(field.value()).lower() not in ("false", "0", "off"),
                        "hint": _hint(field, hint),
                    }
                ],
                "errorMessage": _error(field),
            },
        )
    if isinstance(widget, forms.Select):
        selected = _selected(field.value())
        return render_component(
            "select",
            {
                "id": field.auto_id,
                "name": field.html_name,
                "label": _label(field, label_size, page_heading),
                "classes": classes,
                "items": [
                    {"value": v, "text": t, "selected": v in selected} for v, t in _choices(field)
                ],
                "attributes": _attributes(widget) or None,
                **common,
            },
        )
    if isinstance(widget, forms.Textarea):
        return render_component(
            "textarea",
            {
                "id": field.auto_id,
                "name": field.html_name,
                "label": _label(field, label_size, page_heading),
                "value": _as_text(field.value()),
                "rows": attrs.get("rows", 5),
                "classes": classes,
                "spellcheck": attrs.get("spellcheck"),
                "attributes": _attributes(widget) or None,
                **common,
            },
        )
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return render_component(
            "file-upload",
            {
                "id": field.auto_id,
                "name": field.html_name,
                "label": _label(field, label_size, page_heading),
                "classes": classes,
                **common,
            },
        )
    input_type = getattr(widget, "input_type", "text")
    typed = None if input_type == "password" else _as_text(field.value())
    return render_component(
        "input",
        {
            "id": field.auto_id,
            "name": field.html_name,
            "type": input_type,
            "value": typed,
            "label": _label(field, label_size, page_heading),
            "classes": classes or attrs.get("class"),
            "inputmode": attrs.get("inputmode"),
            "autocomplete": attrs.get("autocomplete"),
            "spellcheck": attrs.get("spellcheck"),
            "attributes": _attributes(widget) or None,
            **common,
        },
    )


@register.simple_tag
def govuk_radios_revealing(field: BoundField, value: str, *revealed: BoundField) -> SafeString:
    """Radios whose item `value` reveals the `revealed` fields when chosen.

    The GOV.UK conditional reveal markup, shown and hidden by CSS alone
    (`.app-radios--reveal` in static/scss/_service.scss): GOV.UK Frontend's script
    would put aria-expanded on the radio, an attribute a radio may not carry, so the
    `data-aria-controls` it looks for and the server-side hidden class are left out.
    Keep to one level: the revealed fields are never radios that reveal.
    """
    reveal = SafeString("".join(str(govuk_field(f)) for f in revealed))
    return radios_revealing_html(field, value, reveal)


def radios_revealing_html(field: BoundField, value: str, reveal: SafeString) -> SafeString:
    """As `govuk_radios_revealing`, revealing ready-made markup (fieldsets of fields)."""
    selected = _selected(field.value())
    html = render_component(
        "radios",
        {
            "idPrefix": field.auto_id,
            "name": field.html_name,
            "classes": "app-radios--reveal",
            "fieldset": _legend(field, None, False),
            "hint": _hint(field, None),
            "errorMessage": _error(field),
            "items": [
                {
                    "value": v,
                    "text": t,
                    "checked": v in selected,
                    **({"conditional": {"html": reveal}} if v == value else {}),
                }
                for v, t in _choices(field)
                if v != ""
            ],
        },
    )
    unmanaged = re.sub(r'\s+data-aria-controls="[^"]*"', "", html)
    return SafeString(unmanaged.replace(" govuk-radios__conditional--hidden", ""))


def _first_input_id(field: BoundField) -> str:
    if isinstance(field.field.widget, DateInputWidget):
        return f"{field.auto_id}_day"
    return str(field.auto_id)


def _named(name: str, message: str) -> str:
    """'Jamie Smith: enter a date of birth in the past' (an initial capital lowered unless
    the message starts with a capitalised word such as NHS). A message that already names
    the row is left as it is."""
    if not name or name in message:
        return message
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        message = message[0].lower() + message[1:]
    return f"{name}: {message}"


@register.simple_tag
def govuk_error_summary(*forms_: forms.BaseForm | None) -> SafeString:
    """One error summary for one or more forms, each error linking to its field.

    A form that is one row of several (a person of a household, an action of a plan) says
    which row it is through `error_summary_name()`, and each of its errors in the summary
    starts with that name."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound or not form.errors:
            continue
        naming = getattr(form, "error_summary_name", None)
        who = str(naming()) if callable(naming) else ""
        for error in form.non_field_errors():
            items.append({"text": _named(who, str(error))})
        for name in form.errors:
            if name == "__all__":
                continue
            bound = form[name]
            for error in bound.errors:
                items.append(
                    {"text": _named(who, str(error)), "href": f"#{_first_input_id(bound)}"}
                )
    if not items:
        return SafeString("")
    return render_component(
        "error-summary", {"titleText": "There is a problem", "errorList": items}
    )


@register.simple_tag
def govuk_tag(text: str, colour: str | None = None) -> SafeString:
    """A GOV.UK tag, e.g. {% govuk_tag "Overdue" "red" %}."""
    return render_component(
        "tag", {"text": text, "classes": f"govuk-tag--{colour}" if colour else None}
    )


@register.filter
def govuk_time(value: dt.datetime | dt.time | None) -> str:
    """A time as GOV.UK writes it: 10am, 3:30pm, midday, midnight (never 15:30, so that
    one page or email does not mix 3:30pm with 16:30)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    minutes = f":{value:%M}" if value.minute else ""
    return f"{value.hour % 12 or 12}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def govuk_date(value: dt.date | dt.datetime | None) -> str:
    """Dates as GOV.UK writes them: 4 June 2026 (and 4 June 2026 at 3:30pm)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day} {value:%B %Y} at {govuk_time(value)}"
    return f"{value.day} {value:%B %Y}"


@register.filter
def email_breaks(value: object) -> SafeString:
    """An email address that may wrap only where a reader expects it to: after the @ and
    before each dot (<wbr>), never in the middle of a name ("j.o" / "hnson")."""
    from django.utils.html import escape

    text = escape(str(value or ""))
    return SafeString(text.replace("@", "@<wbr>").replace(".", "<wbr>."))

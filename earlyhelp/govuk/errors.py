"""Show a service's ApplicationError on the form that caused it."""

from __future__ import annotations

from django import forms

from earlyhelp.errors import ApplicationError


def add_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Put each field message beside its field; the rest at the top of the form.

    The form keeps what was typed, so the page can be shown again as it was.
    """
    placed = False
    for name, messages in error.extra.items():
        if not isinstance(messages, list | tuple):
            continue
        target = name if name in form.fields else None
        for message in messages:
            form.add_error(target, str(message))
            placed = True
    if not placed:
        form.add_error(None, error.message)

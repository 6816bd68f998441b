"""{% idempotency_field %}: the hidden key that makes a create form save once.

A new random key each time the form is first drawn; the posted key again when the form
is drawn again (errors, a row added), so pressing the button twice still saves once
(earlyhelp/idempotency.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from earlyhelp.idempotency import FIELD, valid_key

register = template.Library()


@register.simple_tag(takes_context=True)
def idempotency_field(context: dict[str, Any]) -> SafeString:
    request = context.get("request")
    posted = request.POST.get(FIELD) if request is not None and request.method == "POST" else None
    key = valid_key(posted) or uuid.uuid4().hex
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, key)

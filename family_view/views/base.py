"""The declaration every page of a signed-in family member carries."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from earlyhelp.url_policy import Policy, access_policy
from family_view import events
from family_view.models import FamilyAccess

FamilyView = Callable[..., HttpResponse]


def family_page(name: str) -> Callable[[FamilyView], FamilyView]:
    """Declare the FAMILY policy, hand the view the session's access, and record the
    page view (every page, and every change, is on the audit log with the family
    member as the actor)."""

    def decorate(view: FamilyView) -> FamilyView:
        @functools.wraps(view)
        def page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            access: FamilyAccess = request.family_access  # type: ignore[attr-defined]
            if request.method == "GET":
                with transaction.atomic():
                    events.page_viewed(access=access, page=name)
            return view(request, access, *args, **kwargs)

        return access_policy(Policy.FAMILY)(page)

    return decorate

"""`@case_page(action)`: the CASE access policy, and the fetch that makes it true.

A view that declares the CASE policy promises to fetch its case through
`cases.access.access_case` (404 for a case the user may not see, audited). Declaring
the policy with this decorator keeps the promise for it: the decorator fetches the case
named by the URL's `case_id`, checks the action if one is named, and passes the case to
the view instead of its id. A view cannot declare the CASE policy and forget the fetch;
`tests/earlyhelp/test_url_policy.py` proves every CASE view is declared this way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from cases.access import Action, access_case, require, require_change
from earlyhelp.url_policy import Policy, access_policy

CaseView = Callable[..., HttpResponse]

FETCHES_CASE = "fetches_case_through_access_case"


def case_page(action: Action | None = None, *, change: bool = False) -> Callable[[CaseView], Any]:
    """Declare the CASE policy, fetch the case through `access_case`, then check `action`.

    `change=True` checks with `require_change` (refused on a closed case too) rather
    than `require`. The view is called as `view(request, case, **other_url_kwargs)`.
    """

    def decorate(view: CaseView) -> CaseView:
        @functools.wraps(view)
        def page(request: HttpRequest, case_id: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                case = access_case(user=request.user, case_id=case_id)
            except Http404:
                # The 404 page offers the service's staff the opening with a reason, for
                # any case number: it says nothing about whether this one exists.
                from cases.break_glass import may_break_glass

                if may_break_glass(request.user):
                    request.break_glass_case_id = case_id  # type: ignore[attr-defined]
                raise
            if action is not None:
                (require_change if change else require)(request.user, action, case)
            return view(request, case, *args, **kwargs)

        setattr(page, FETCHES_CASE, True)
        return access_policy(Policy.CASE)(page)

    return decorate


def fetches_case(view_func: Callable[..., Any]) -> bool:
    """Was this resolved view declared with `case_page`?"""
    return bool(getattr(view_func, FETCHES_CASE, False))

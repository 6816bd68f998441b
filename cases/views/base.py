"""What the cases views share: who is acting, what was posted, paging."""

from __future__ import annotations

from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

from partners.models import User

PER_PAGE = 25


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind a signed-in access policy)."""
    return cast(User, request.user)


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST, or None so a form starts unbound."""
    return request.POST if request.method == "POST" else None


def page_of(request: HttpRequest, items: Any, per_page: int = PER_PAGE) -> Page:  # type: ignore[type-arg]
    """The requested page of `items`; the first or last page for numbers out of range."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))

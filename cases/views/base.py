"""What the cases views share: paging. (Who is acting and what was posted:
earlyhelp/web.py.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 25


def page_of(
    request: HttpRequest, items: Any, per_page: int = PER_PAGE, param: str = "page"
) -> Page:  # type: ignore[type-arg]
    """The requested page of `items` (numbered by the query parameter `param`); the first
    or last page for numbers out of range."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


def page_of_ids(
    request: HttpRequest,
    ids: Sequence[int],
    rows: Callable[[list[int]], list[Any]],
    per_page: int = PER_PAGE,
    param: str = "page",
) -> Page:  # type: ignore[type-arg]
    """page_of for results whose ids were read first (in order): they give the count
    and the page, and only the page's rows are then read, by `rows(ids of the page)`."""
    page = Paginator(ids, per_page).get_page(request.GET.get(param))
    page.object_list = rows(list(page.object_list))
    return page


def page_of_rows(
    request: HttpRequest, rows: QuerySet[Any], per_page: int = PER_PAGE, param: str = "page"
) -> Page:  # type: ignore[type-arg]
    """`page_of` for a list whose rows are shown with their related rows: the list is
    counted and sorted on its ids alone, then only the page's rows are read in full.

    PostgreSQL joins before it sorts: sorting the rows with their related rows selected
    would join every row there is to show a page of them. The page's rows are read
    through the same query (so through the same scope), in the order of their ids.
    """
    page = page_of(request, rows.values_list("pk", flat=True), per_page, param)
    ids = list(page.object_list)
    found = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
    page.object_list = [found[pk] for pk in ids if pk in found]
    return page

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
    """`page_of_ids` for a list whose rows are shown with their related rows, and whose
    length is a queue's (thousands, not millions): its ids are read once, sorted, and
    are both the count and the page; then only the page's rows are read in full.

    PostgreSQL joins before it sorts: sorting the rows with their related rows selected
    would join every row there is to show a page of them. And the sort reads every row's
    sort key anyway, so counting the rows in a query of its own would read them again
    (the front door: 5 ms of 58 at 100,000 families). The page's rows are read through
    the same query (so through the same scope), in the order of their ids.
    """

    def in_order(ids: list[int]) -> list[Any]:
        found = {row.pk: row for row in rows.order_by().filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    return page_of_ids(request, list(rows.values_list("pk", flat=True)), in_order, per_page, param)

"""Query expressions the whole project shares."""

from __future__ import annotations

from typing import Any

from django.db.models import DateTimeField, Expression
from django.utils import timezone


class ApplicationNow(Expression):
    """The application's clock (`timezone.now()`), read each time the query is compiled.

    `timezone.now()` written into a filter is read once, when the queryset is built, so
    a queryset kept for reuse would go on comparing with that moment; the database's own
    `Now()` reads a clock the application does not own (and that tests cannot move).
    This one is read as the query is sent: a condition that uses it, such as "the grant
    has not yet expired", can be built once and kept, and stays true to the moment of
    every query that reads it.
    """

    output_field = DateTimeField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [timezone.now()]

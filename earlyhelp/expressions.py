"""Query expressions the whole project shares."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.db.models import BigIntegerField, DateTimeField, Expression, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone


class _ClockMark:
    """Stands for the application's clock in SQL compiled to be kept (`KeptSubquery`)."""

    def __repr__(self) -> str:
        return "<the application's clock>"


CLOCK_MARK = _ClockMark()
_marking_the_clock: ContextVar[bool] = ContextVar("marking_the_clock", default=False)


class ApplicationNow(Expression):
    """The application's clock (`timezone.now()`), read each time the query is compiled.

    `timezone.now()` written into a filter is read once, when the queryset is built, so
    a queryset kept for reuse would go on comparing with that moment; the database's own
    `Now()` reads a clock the application does not own (and that tests cannot move).
    This one is read as the query is sent: a condition that uses it, such as "the grant
    has not yet expired", can be built once and kept, and stays true to the moment of
    every query that reads it. Compiled for a `KeptSubquery`, it leaves a mark that the
    kept SQL replaces with the clock's reading each time it is sent.
    """

    output_field = DateTimeField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [CLOCK_MARK if _marking_the_clock.get() else timezone.now()]


class KeptSubquery(RawSQL):
    """A sub-query compiled to SQL once, kept, and sent as compiled wherever it is used.

    Django builds a queryset's SQL again every time it runs, and again for every query
    it is a sub-query of; for a condition of a dozen sub-queries (who may see a case)
    that took about 4 ms a list. Kept as SQL, it costs nothing to use again. Its
    parameters are kept with it, except the application's clock (`ApplicationNow`),
    which is read afresh each time the query is compiled, as it would have been.

    Only for a sub-query whose SQL depends on nothing but what it was built from: its
    tables are read when the query runs, but any Python value in it is fixed.
    """

    def __init__(self, sql: str, params: tuple[Any, ...]) -> None:
        super().__init__(sql, params, output_field=BigIntegerField())

    @classmethod
    def of(cls, queryset: QuerySet[Any]) -> KeptSubquery:
        marking = _marking_the_clock.set(True)
        try:
            sql, params = queryset.query.sql_with_params()
        finally:
            _marking_the_clock.reset(marking)
        return cls(sql, tuple(params))

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        now = timezone.now()
        return f"({self.sql})", [now if p is CLOCK_MARK else p for p in self.params]

"""How often each service is used in family plans, for commissioners.

Plans live in family_plans/, which builds on partners/; the directory must not import
it. So family_plans registers a counter here from its AppConfig.ready(), as apps
register agenda sources and notification kinds, and the directory's pages ask.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Usage:
    plans: int = 0  # family plans with an action linked to the service
    open_actions: int = 0  # of those actions, the ones still open


Counter = Callable[[Iterable[int]], dict[int, Usage]]
_counter: Counter | None = None


def register_counter(counter: Counter) -> None:
    global _counter
    _counter = counter


def usage_of(service_ids: Iterable[int]) -> dict[int, Usage]:
    """Usage per service id (in one query, whatever the number); empty without plans."""
    ids = list(service_ids)
    if _counter is None or not ids:
        return {}
    return _counter(ids)

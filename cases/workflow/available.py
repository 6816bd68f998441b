"""What a person may do next on a case: the one answer pages, the API and My work read.

A transition is available when the case is in one of its states, the person may take
its action on this case (cases/access.py), and none of its guards refuses them. What
it requires of the data entered with it is checked only when it is taken, by
`case_transition`, which refuses with the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cases.access import can
from cases.models import Case
from cases.workflow.table import TRANSITIONS, Offer, Transition, transitions_from


def refusal(user: Any, transition: Transition, case: Case) -> str | None:
    """Why this person may not take this step on this case now, or None."""
    if case.state not in transition.sources:
        return "state"
    if not can(user, transition.action, case):
        return "action"
    for guard in transition.guards:
        message = guard(user, case)
        if message:
            return message
    return None


def available_transitions(user: Any, case: Case) -> list[Transition]:
    """The steps this person may take on this case now, in the table's order."""
    return [t for t in transitions_from(case.state) if refusal(user, t, case) is None]


def is_available(user: Any, case: Case, name: str) -> bool:
    transition = TRANSITIONS.get(name)
    return transition is not None and refusal(user, transition, case) is None


def first_available(user: Any, case: Case, names: Iterable[str]) -> Transition | None:
    """The first of these steps the person may take on this case now, or None; only
    these are asked about, so a queue of work asks nothing it does not show."""
    for name in names:
        transition = TRANSITIONS[name]
        if refusal(user, transition, case) is None:
            return transition
    return None


def offered_pages(user: Any, case: Case) -> dict[str, Offer]:
    """The case pages that take the available steps, by URL name, each once.

    A page is offered when any of its steps is available; once it is, its other steps
    are not asked about (which spares the guards' queries).
    """
    pages: dict[str, Offer] = {}
    for transition in transitions_from(case.state):
        offer = transition.offer
        if offer is None or offer.url_name in pages:
            continue
        if refusal(user, transition, case) is None:
            pages[offer.url_name] = offer
    return pages

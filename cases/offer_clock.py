"""The 10-working-day clock of an offer of help, as the case and screening pages show it.

While the family waits the clock runs ("6 of 10 working days waiting"); once the case
is allocated it stops and says how long the offer took ("Offered help in 7 working
days: within the 10-working-day target"), so the target status does not disappear at
allocation. A case closed before allocation shows no clock: no offer was made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cases.models import Case
from cases.timeliness import TARGET_WORKING_DAYS, case_timeliness
from cases.workflow_states import FRONT_DOOR_STATES, State
from cases.working_days import working_days_between

FRONT_DOOR_TARGET = TARGET_WORKING_DAYS


@dataclass(frozen=True)
class OfferClock:
    days: int
    waiting: bool  # still waiting for an offer (the clock runs)

    @property
    def within_target(self) -> bool:
        return self.days <= FRONT_DOOR_TARGET

    @property
    def text(self) -> str:
        unit = "working day" if self.days == 1 else "working days"
        if self.waiting:
            return f"{self.days} of {FRONT_DOOR_TARGET} working days waiting"
        verdict = "within" if self.within_target else "over"
        target = f"{FRONT_DOOR_TARGET}-working-day target"
        return f"Offered help in {self.days} {unit}: {verdict} the {target}"


def offer_clock(case: Case, *, today: dt.date | None = None) -> OfferClock | None:
    """The clock for one case, or None when no offer was made (closed before allocation)."""
    today = today or timezone.localdate()
    timeliness = case_timeliness([case])[case.pk]
    if timeliness.allocated is not None:
        return OfferClock(days=timeliness.received_to_allocated or 0, waiting=False)
    if case.state in FRONT_DOOR_STATES or case.state == State.AWAITING_ALLOCATION:
        return OfferClock(days=working_days_between(timeliness.received, today), waiting=True)
    return None

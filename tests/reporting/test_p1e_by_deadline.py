"""P1e counts every enquiry by its 10-working-day deadline, so families still waiting
past the target count as not met instead of falling out of the measure.

Worked out by hand for February 2026 (no bank holidays in it), the figure asked for on
Monday 2 March 2026:

| enquiry received | deadline (10th working day) | what happened             | counts  |
|------------------|-----------------------------|---------------------------|---------|
| Mon 2 Feb        | Mon 16 Feb                  | allocated Wed 11 Feb      | met     |
| Mon 2 Feb        | Mon 16 Feb                  | allocated Mon 16 Feb      | met     |
| Mon 2 Feb        | Mon 16 Feb                  | still waiting             | not met |
| Tue 3 Feb        | Tue 17 Feb                  | allocated Fri 20 Feb (13) | not met |
| Mon 2 Feb        | Mon 16 Feb                  | signposted Thu 5 Feb      | met     |
| Mon 2 Feb        | Mon 16 Feb                  | no further action 4 Feb   | left out|
| Mon 9 Feb        | Mon 23 Feb                  | still waiting (14 on 27th)| not met |
| Mon 16 Feb       | Mon 2 Mar                   | still waiting             | March   |

February: 3 met of 6. The old definition (cases allocated in the period) said 2 of 3,
and said nothing of the two families still waiting.
"""

from __future__ import annotations

import datetime as dt

import pytest

from cases.workflow_states import State
from cases.working_days import add_working_days, working_days_between
from reporting.scorecard.engine import Figure, compute
from reporting.scorecard.periods import Period
from tests.reporting.scorecard_data import journey

pytestmark = pytest.mark.django_db

D = dt.date
FEB_2026 = Period.parse("2026-02")
ASKED_ON = D(2026, 3, 2)


def test_p1e_counts_families_still_waiting_past_their_deadline_as_not_met():
    assert add_working_days(D(2026, 2, 2), 10) == D(2026, 2, 16)
    assert working_days_between(D(2026, 2, 9), D(2026, 2, 27)) == 14
    journey(received=D(2026, 2, 2), steps={"allocate": D(2026, 2, 11)})
    journey(received=D(2026, 2, 2), steps={"allocate": D(2026, 2, 16)})
    journey(received=D(2026, 2, 2), state=State.AWAITING_ALLOCATION)
    journey(received=D(2026, 2, 3), steps={"allocate": D(2026, 2, 20)})
    journey(
        received=D(2026, 2, 2),
        state=State.CLOSED,
        closed_on=D(2026, 2, 5),
        screening_outcome="signpost",
    )
    journey(
        received=D(2026, 2, 2),
        state=State.CLOSED,
        closed_on=D(2026, 2, 4),
        screening_outcome="no_further_action",
    )
    journey(received=D(2026, 2, 9), state=State.AWAITING_ALLOCATION)
    journey(received=D(2026, 2, 16), state=State.AWAITING_ALLOCATION)

    assert compute("P1e", FEB_2026, today=ASKED_ON) == Figure(3, 6)


def test_a_family_whose_deadline_has_not_passed_is_not_yet_counted():
    journey(received=D(2026, 2, 16), state=State.AWAITING_ALLOCATION)  # deadline 2 March

    assert compute("P1e", Period.parse("2026-03"), today=D(2026, 3, 2)) == Figure(0, 0)
    assert compute("P1e", Period.parse("2026-03"), today=D(2026, 3, 3)) == Figure(0, 1)


def test_an_enquiry_received_before_the_period_counts_where_its_deadline_falls_over_christmas():
    """The month reads only enquiries received up to 31 days before it began; the longest
    10 working days of the year (Christmas and New Year) still fit well inside that."""
    received = D(2025, 12, 19)
    deadline = add_working_days(received, 10)
    assert deadline == D(2026, 1, 7) and (deadline - received).days == 19
    journey(received=received, state=State.AWAITING_ALLOCATION)
    journey(received=D(2025, 12, 22), steps={"allocate": D(2026, 1, 2)})

    assert compute("P1e", Period.parse("2026-01"), today=D(2026, 2, 2)) == Figure(1, 2)
    assert compute("P1e", Period.parse("2025-12"), today=D(2026, 2, 2)) == Figure(0, 0)

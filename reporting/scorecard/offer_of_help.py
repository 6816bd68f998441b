# ruff: noqa: S608 - the SQL is built from constants and table names; values are parameters
"""P1e, the share of enquiries offered help within 10 working days, counted by deadline.

The measure used to count only the cases allocated in the period, so a family still
waiting past the target fell out of it, and the longer families waited the better the
figure looked (100% met while two families had waited 14 working days). SCORECARD.md's
definition counts every enquiry by the day its deadline fell:

- the deadline is the 10th working day after the enquiry was received (the calendar
  table's running index of working days, as cases.working_days.add_working_days);
- denominator: every enquiry whose deadline fell in the period and has passed, whether
  or not it was allocated; an enquiry closed by its deadline with no offer due (no
  further action, or stepped up to children's social care) is left out, since no offer
  of early help was to be made;
- numerator: those offered help by their deadline: allocated, or closed at screening
  with single-agency support or signposting, on or before the deadline.

A family still waiting after its deadline counts as not met. An enquiry whose deadline
is today or later, and that has not yet been offered help, is not counted yet.
"""

from __future__ import annotations

from cases.models import Case, CaseTransition, Enquiry
from cases.timeliness import TARGET_WORKING_DAYS
from cases.workflow import TransitionName
from cases.workflow_states import ScreeningOutcome
from reporting.models import CalendarDay

# The screening outcomes that are an offer of help; names from the workflow's enums.
OFFER_OUTCOMES = (ScreeningOutcome.SINGLE_AGENCY.value, ScreeningOutcome.SIGNPOST.value)
ALLOCATE = TransitionName.ALLOCATE.value
# An enquiry whose deadline falls in the period was received at most this many days
# before the period began: 10 working days span at most 16 calendar days, Christmas and
# New Year included. Only those enquiries are judged, so a month reads a month's
# enquiries, not every enquiry of the partnership (tests/reporting/test_p1e_by_deadline.py).
RECEIVED_BEFORE_DEADLINE_DAYS = 31


def _local(column: str) -> str:
    return f"(({column}) AT TIME ZONE %(tz)s)::date"


SQL_OFFER_BY_DEADLINE = f"""
WITH enquiries AS (
  SELECT c.id AS case_id, c.zone_id, c.family_hub_id AS hub_id, c.closed_on,
         c.screening_outcome, e.raised_by_agency_id AS agency_id,
         COALESCE({_local("e.received_at")}, c.opened_on) AS received,
         (SELECT {_local("MIN(t.at)")} FROM {CaseTransition._meta.db_table} t
           WHERE t.case_id = c.id AND t.name = '{ALLOCATE}') AS allocated
  FROM {Case._meta.db_table} c
  JOIN {Enquiry._meta.db_table} e ON e.case_id = c.id
  WHERE COALESCE({_local("e.received_at")}, c.opened_on)
        BETWEEN %(start)s::date - {RECEIVED_BEFORE_DEADLINE_DAYS} AND %(end)s
),
due AS (
  SELECT q.*,
         (SELECT MIN(cb.day) FROM {CalendarDay._meta.db_table} ca
            JOIN {CalendarDay._meta.db_table} cb ON cb.region = ca.region
           WHERE ca.region = %(region)s AND ca.day = q.received AND cb.is_working
             AND cb.working_index = ca.working_index + {TARGET_WORKING_DAYS}) AS deadline
  FROM enquiries q
),
judged AS (
  SELECT d.*,
         ((d.allocated IS NOT NULL AND d.allocated <= d.deadline)
          OR (d.allocated IS NULL AND d.closed_on IS NOT NULL AND d.closed_on <= d.deadline
              AND d.screening_outcome IN {OFFER_OUTCOMES!r})) AS met,
         (d.allocated IS NULL AND d.closed_on IS NOT NULL AND d.closed_on <= d.deadline
          AND COALESCE(d.screening_outcome, '') NOT IN {OFFER_OUTCOMES!r}) AS no_offer_due
  FROM due d WHERE d.deadline IS NOT NULL
)
SELECT deadline AS on_date, zone_id, hub_id, agency_id, met::int AS num, 1 AS den
FROM judged
WHERE NOT no_offer_due AND (met OR deadline < %(today)s)
"""

HOW = (
    "Every enquiry whose 10-working-day deadline fell in the period and has passed, "
    "whether or not it was allocated: the share offered help (allocated, or closed at "
    "screening with single-agency support or signposting) by the deadline. A family still "
    "waiting past its deadline counts as not met; an enquiry closed by its deadline with "
    "no offer due (no further action, step-up) is left out."
)

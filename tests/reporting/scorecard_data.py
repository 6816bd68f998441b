"""Hand-built scorecard data: cases with transitions on chosen dates (synthetic only)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from cases.models import Case, CaseTransition
from cases.workflow_states import State
from tests.cases.factories import CaseFactory, EnquiryFactory
from tests.partners.factories import UserFactory

LONDON = ZoneInfo("Europe/London")

STEPS = {
    "allocate": (State.AWAITING_ALLOCATION, State.ALLOCATED),
    "start_assessment": (State.ALLOCATED, State.ASSESSMENT),
    "start_plan": (State.ASSESSMENT, State.PLAN_AND_REVIEW),
    "close": (State.CLOSING, State.CLOSED),
    "step_up": (State.PLAN_AND_REVIEW, State.CLOSED),
    "close_at_screening": (State.SCREENING, State.CLOSED),
}


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def journey(
    *,
    received: dt.date,
    steps: dict[str, dt.date] | None = None,
    raised_by_agency=None,  # type: ignore[no-untyped-def]
    **case_fields: object,
) -> Case:
    """A case whose enquiry was received on `received` and that took `steps` on dates."""
    actor = UserFactory()
    enquiry_fields = {"received_at": at(received, 9)}
    if raised_by_agency is not None:
        enquiry_fields["raised_by_agency"] = raised_by_agency
    case_fields.setdefault("state", State.PLAN_AND_REVIEW)
    case_fields.setdefault("opened_on", received)
    case = CaseFactory(**case_fields)
    EnquiryFactory(case=case, **enquiry_fields)
    for name, day in (steps or {}).items():
        source, target = STEPS[name]
        CaseTransition.objects.create(
            case=case, name=name, from_state=source, to_state=target, at=at(day), actor=actor
        )
    return case

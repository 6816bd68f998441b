"""The allocation meetings at which demo cases are allocated."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from cases import services
from cases.demo.cast import Cast, Clock
from cases.demo.texts import DEFERRAL_REASONS, FAMILY_PREFERENCES, MEETING_TIME
from cases.models import AllocationMeeting, Case, Decision
from partners.models import Agency, User


def _meeting(cast: Cast, zone_id: int, day: dt.date, coordinator: User) -> AllocationMeeting:
    """The zone's weekly allocation meeting on `day`, recorded once."""
    key = (zone_id, day)
    if key not in cast.meetings:
        cast.meetings[key] = services.allocation_meeting_create(
            actor=coordinator,
            zone=cast.zones[zone_id],
            held_on=day,
            starts_at=MEETING_TIME,
            build_agenda=False,
        )
    return cast.meetings[key]


def _meeting_day(after: dt.date) -> dt.date:
    """The first Wednesday after `after` (allocation meetings are weekly, on Wednesdays)."""
    return after + dt.timedelta(days=(2 - after.weekday()) % 7 or 7)


def _at_meeting(clock: Clock, day: dt.date) -> dt.datetime:
    """Decisions at a meeting carry its time; the case's clock moves on to it."""
    moment = timezone.make_aware(dt.datetime.combine(day, MEETING_TIME))
    clock.last = max(clock.last or moment, moment)
    return moment


def _allocate_at_meetings(
    case: Case,
    rng: random.Random,
    clock: Clock,
    cast: Cast,
    today: dt.date,
    screened: dt.date,
    lead: User,
    lead_agency: Agency,
) -> tuple[str, Case, dt.date]:
    """Take the case to the zone's weekly meetings until one allocates it (or closes it).

    Returns what became of it ("allocated", "closed" or, while its next meeting is still
    to come, "waiting"), the case and the day.
    """
    zone_id = case.zone_id
    assert zone_id is not None
    coordinator = cast.coordinators[zone_id]
    day = _meeting_day(screened)
    deferrals = 1 if rng.random() < 0.15 else 0
    while day <= today:
        meeting = _meeting(cast, zone_id, day, coordinator)
        item = services.allocation_agenda_add(actor=coordinator, meeting=meeting, case=case)
        _at_meeting(clock, day)
        if deferrals:
            deferrals -= 1
            services.allocation_decide(
                actor=coordinator,
                item=item,
                decision=Decision.DEFER,
                expected_version=item.version,
                reason=rng.choice(DEFERRAL_REASONS),
            )
            day += dt.timedelta(days=7)
            continue
        if rng.random() < 0.05:
            closed = services.allocation_decide(
                actor=coordinator,
                item=item,
                decision=rng.choice([Decision.NO_FURTHER_ACTION, Decision.SIGNPOST]),
                expected_version=item.version,
                reason="The family's needs can be met by the family hub's universal offer.",
            )
            return "closed", closed.case, day
        decided = services.allocation_decide(
            actor=coordinator,
            item=item,
            decision=Decision.ALLOCATE,
            expected_version=item.version,
            lead_practitioner=lead,
            lead_agency=lead_agency,
            need_level=cast.levels[rng.choice([2, 3, 3, 3, 4])],
            case_type=cast.case_types[1] if rng.random() < 0.1 else cast.case_types[0],
            family_preference=rng.choice(FAMILY_PREFERENCES),
        )
        return "allocated", decided.case, day
    return "waiting", case, day

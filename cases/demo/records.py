"""What a demo case leaves besides its steps: census codes, re-referrals and notes."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from cases import services
from cases.codes import SUGGESTED_CIN_CLOSURE_REASON
from cases.demo.cast import Cast, Clock, _later
from cases.demo.texts import NOTE_TEXTS, SENSITIVE_NOTES
from cases.models import Case, NoteVisibility
from cases.workflow_states import ScreeningOutcome
from partners.models import Agency, User


def _census_codes(
    case: Case,
    rng: random.Random,
    clock: Clock,
    actor: User,
    day: dt.date,
    closure_reason: str | None = None,
) -> None:
    """Section 17 episodes get their census codes, most of them: a few are left for the
    data quality page to find."""
    fresh = Case.objects.select_related("case_type").get(pk=case.pk)
    if not (fresh.case_type and fresh.case_type.cin_census) or rng.random() < 0.1:
        return
    services.case_return_codes_record(
        actor=actor,
        case=fresh,
        version=fresh.version,
        primary_need=None
        if closure_reason
        else rng.choice(["N1", "N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8"]),
        closure_reason=SUGGESTED_CIN_CLOSURE_REASON.get(closure_reason, "RC7")
        if closure_reason
        else None,
        at=clock.at(day),
    )


def _rereferral(
    case: Case,
    rng: random.Random,
    cast: Cast,
    today: dt.date,
    closed_on: dt.date,
    raiser: User,
    agency: Agency,
    subjects: list[Any],
) -> None:
    """A new enquiry for the same family within 12 months of closure (a re-referral)."""
    day = closed_on + dt.timedelta(days=rng.randint(20, 330))
    if day >= today:
        return
    clock = Clock(rng)
    again = services.enquiry_create(
        actor=raiser,
        family=case.family,
        children=subjects,
        agency=agency,
        concerns="Things have become difficult again since the case closed: attendance "
        "has dropped and mum is asking for help.",
        concern_categories=["school_attendance", "parenting"],
        family_consent="given",
        received_at=clock.at(day),
    )
    zone_id = again.zone_id
    assert zone_id is not None
    if (today - day).days > 14:
        services.case_screen(
            actor=cast.coordinators[zone_id],
            case=again,
            outcome=rng.choice([ScreeningOutcome.SIGNPOST, ScreeningOutcome.SINGLE_AGENCY]),
            reason="Known to early help: signposted to the family hub's drop-in.",
            at=clock.at(_later(day, rng, 1, 3, today)),
        )


def _notes(
    case: Case, rng: random.Random, lead: User, start: dt.date, today: dt.date, children: list[Any]
) -> None:
    child = children[0].known_as if children else "the child"
    day = start
    for _ in range(rng.randint(2, 7)):
        day = min(day + dt.timedelta(days=rng.randint(3, 25)), today)
        if rng.random() < 0.12:
            category, text = rng.choice(SENSITIVE_NOTES)
            services.note_add(
                actor=lead,
                case=case,
                note_type="call",
                contact_date=day,
                text=text.format(child=child),
                sensitive_category=category,
            )
        else:
            visibility = rng.choice([NoteVisibility.EVERYONE] * 5 + [NoteVisibility.LEAD_AGENCY])
            services.note_add(
                actor=lead,
                case=case,
                note_type=rng.choice(["visit", "call", "meeting", "message"]),
                contact_date=day,
                visibility=visibility,
                text=rng.choice(NOTE_TEXTS).format(child=child),
            )

"""A demo case's journey after allocation: its steps, the changes midway, and closure."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from cases import services
from cases.demo.cast import ORDER, Cast, Clock, _later, _target_state
from cases.demo.leads import choose_lead
from cases.demo.meetings import _allocate_at_meetings
from cases.demo.records import _census_codes, _notes
from cases.demo.texts import EXIT_PLANS, EXIT_SUPPORT, FEEDBACK, REASSIGNMENT_REASONS
from cases.models import Case
from cases.workflow_states import ScreeningOutcome, State
from partners.models import Agency, User
from partners.roles import AgencyKind


def _progress(
    case: Case,
    rng: random.Random,
    clock: Clock,
    cast: Cast,
    today: dt.date,
    received: dt.date,
    adults: list[Any],
    children: list[Any],
    stepping_down: bool = False,
) -> dt.date | None:
    """Take the case through its journey to its target state; the date it closed, if it did."""
    target = _target_state(rng, (today - received).days)
    zone_id = case.zone_id
    assert zone_id is not None
    coordinator, manager = cast.coordinators[zone_id], cast.managers[zone_id]
    if ORDER.index(target) < ORDER.index(State.SCREENING):
        return None
    day = _later(received, rng, 0, 2, today)
    if stepping_down:
        case = services.case_accept_step_down(
            actor=coordinator,
            case=case,
            details=services.StepDownDetails(
                social_care_reference=f"SC-{rng.randint(100000, 999999)}",
                social_care_closed_on=received - dt.timedelta(days=rng.randint(1, 10)),
            ),
            summary="Child in need plan ended: the family would benefit from continued "
            "support through early help.",
            at=clock.at(day),
        )
    else:
        if target == State.SCREENING:
            services.case_transition(
                actor=coordinator, case=case, name="start_screening", at=clock.at(day)
            )
            return None
        if rng.random() < 0.18:  # closed at the front door
            outcome = rng.choice(
                [
                    ScreeningOutcome.NO_FURTHER_ACTION,
                    ScreeningOutcome.SIGNPOST,
                    ScreeningOutcome.SINGLE_AGENCY,
                    ScreeningOutcome.STEP_UP,
                ]
            )
            services.case_screen(
                actor=coordinator,
                case=case,
                outcome=outcome,
                reason="Needs can be met without a multi-agency plan."
                if outcome != ScreeningOutcome.STEP_UP
                else "Significant harm concerns: referred to the MASH.",
                at=clock.at(day),
            )
            return day
        case = services.case_screen(
            actor=coordinator,
            case=case,
            outcome=ScreeningOutcome.EARLY_HELP_ASSESSMENT,
            reason="Several needs across the family; consent given.",
            at=clock.at(day),
        )
    if target == State.AWAITING_ALLOCATION:
        return None
    parent = adults[0] if adults else children[0]
    # The family's consent covers the agencies that will join the team around them.
    team_agencies = rng.sample(cast.partner_agencies, rng.randint(1, 3))
    consent = services.consent_record(
        actor=coordinator,
        case=case,
        decision="given",
        person=parent,
        agencies=team_agencies,
        decided_on=day,
        purposes="Early help assessment and family plan",
        review_on=day + dt.timedelta(days=365),
    )
    council_led = stepping_down or rng.random() < 0.65
    if council_led:
        lead_agency, lead = cast.council, rng.choice(cast.family_workers[zone_id])
    else:
        lead = case.enquiry.raised_by
        lead_agency = case.enquiry.raised_by_agency or cast.council
    stays_open = target != State.CLOSED
    lead, lead_agency = choose_lead(
        cast=cast, case=case, proposed=lead, agency=lead_agency, stays_open=stays_open
    )
    became, case, day = _allocate_at_meetings(case, rng, clock, cast, today, day, lead, lead_agency)
    if became != "allocated":
        return day if became == "closed" else None
    _census_codes(case, rng, clock, coordinator, day)
    for agency in team_agencies:
        if agency.pk != lead_agency.pk:
            services.team_member_add(
                actor=lead,
                case=case,
                agency=agency,
                started_on=day,
                role_on_case=rng.choice(["", "Class teacher", "Key worker", "Health visitor"]),
            )
    if rng.random() < 0.3:
        services.case_share(
            actor=lead,
            case=case,
            agency=rng.choice(cast.partner_agencies),
            basis="consent",
            consent=consent,
            purpose="To coordinate support with the family",
        )
    if rng.random() < 0.05:
        police = next(a for a in cast.partner_agencies if a.kind == AgencyKind.POLICE)
        services.case_share(
            actor=lead,
            case=case,
            agency=police,
            basis="safeguarding",
            lawful_reason="Risk of significant harm from domestic abuse; "
            "seeking consent would increase the risk.",
            agreement=cast.agreement,
            purpose="Police safeguarding checks",
        )
    _notes(case, rng, lead, day, today, children)
    reached = ORDER.index(target)
    for name, low, high in (("start_assessment", 1, 8), ("start_plan", 10, 30)):
        step_target = State.ASSESSMENT if name == "start_assessment" else State.PLAN_AND_REVIEW
        if ORDER.index(step_target) > reached:
            return None
        day = _later(day, rng, low, high, today)
        case = services.case_transition(actor=lead, case=case, name=name, at=clock.at(day))
    lead = _midway_changes(case, rng, clock, cast, today, day, lead, lead_agency, target)
    if ORDER.index(State.CLOSING) > reached:
        return None
    return _close(case, rng, clock, cast, today, day, lead, manager, target)


def _midway_changes(
    case: Case,
    rng: random.Random,
    clock: Clock,
    cast: Cast,
    today: dt.date,
    day: dt.date,
    lead: User,
    lead_agency: Agency,
    target: str,
) -> User:
    """While the plan runs: some cases change lead practitioner, a few step across to the
    multi-agency child protection team. Returns the lead practitioner afterwards."""
    zone_id = case.zone_id
    assert zone_id is not None
    if lead_agency == cast.council and rng.random() < 0.12:
        others = [w for w in cast.family_workers[zone_id] if w.pk != lead.pk]
        change_day = _later(day, rng, 5, 20, today)
        new_lead, _ = choose_lead(
            cast=cast,
            case=case,
            proposed=others[0],
            agency=cast.council,
            stays_open=target != State.CLOSED,
            excluding=lead,
        )
        case = services.lead_practitioner_change(
            actor=cast.coordinators[zone_id],
            case=case,
            lead_practitioner=new_lead,
            lead_agency=cast.council,
            reason=rng.choice(REASSIGNMENT_REASONS),
            at=clock.at(change_day),
        )
        lead = new_lead
    if rng.random() < 0.04:
        across = _later(day, rng, 3, 15, today)
        clock.at(across)
        services.case_step_across(
            actor=lead,
            case=case,
            agency=cast.social_care,
            practitioner=rng.choice(cast.social_workers),
            reason="Strategy discussion after a disclosure: a child protection enquiry "
            "under section 47; the family help lead practitioner stays involved.",
            stepped_across_on=across,
        )
    return lead


def _close(
    case: Case,
    rng: random.Random,
    clock: Clock,
    cast: Cast,
    today: dt.date,
    day: dt.date,
    lead: User,
    manager: User,
    target: str,
) -> dt.date | None:
    """Propose closure (sometimes returned once), then sign it off or step up."""
    if target == State.CLOSED and rng.random() < 0.08:
        day = _later(day, rng, 20, 120, today)
        services.case_step_up(
            actor=manager,
            case=case,
            reason="Concerns escalated: referred to children's social care.",
            closing_level=cast.levels[4],
            at=clock.at(day),
        )
        return day
    allocated_level = case.allocation_level.number if case.allocation_level else 3
    returned = rng.random() < 0.08
    for attempt in range(2 if returned else 1):
        day = _later(day, rng, 40 if attempt == 0 else 10, 160 if attempt == 0 else 30, today)
        helpful = rng.random()
        reason = rng.choice(["needs_met"] * 6 + ["family_declined", "moved_away", "other"])
        services.case_closure_propose(
            actor=lead,
            case=case,
            reason=reason,
            reason_detail={
                "other": "The children now live with their grandparents, who have support.",
                "moved_away": "The family moved out of the area; their new council knows.",
            }.get(reason, ""),
            exit_plan=rng.choice(EXIT_PLANS),
            exit_support=rng.choice(EXIT_SUPPORT),
            closing_level=cast.levels[max(1, allocated_level - rng.choice([0, 1, 1, 1, 2]))],
            timely_and_helpful=None if helpful < 0.08 else helpful < 0.85,
            feedback_comments=rng.choice(FEEDBACK),
            about_lead_practitioner=rng.choice(["", "", "She always called back.", ""]),
            at=clock.at(day),
        )
        if target != State.CLOSED and attempt == (1 if returned else 0):
            return None  # waiting for sign-off
        day = _later(day, rng, 1, 10, today)
        if returned and attempt == 0:
            services.case_closure_return(
                actor=manager,
                case=case,
                comments="Please make sure the school knows the plan before we close.",
                at=clock.at(day),
            )
            continue
        services.case_closure_sign_off(actor=manager, case=case, at=clock.at(day))
        _census_codes(case, rng, clock, manager, day, closure_reason=reason)
        return day
    return None

# mypy: disallow-untyped-defs
"""Moving a case along the workflow: the one service every step goes through, and the
screening and step-down decisions built on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases import work_notices
from cases.access import Action, can, require
from cases.codes import ContactSource
from cases.events import CaseEvent, case_event_record
from cases.models import (
    Case,
    CaseTransition,
    Enquiry,
    StepDown,
)
from cases.workflow import (
    TRANSITIONS,
    Moment,
    TransitionName,
)
from cases.workflow_states import ScreeningOutcome, State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import User

# --------------------------------------------------------------------------- workflow


def case_transition(
    *,
    actor: User,
    case: Case,
    name: str,
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Move a case along the workflow (cases/workflow/), or refuse with the reason.

    Everything a step does besides moving the case (its guards, requirements, changes
    and effects) is read from its entry in the transition table.

    `expected_version` is the version the actor's page showed: if someone else has
    changed the case since, the change is refused rather than silently overwriting.
    `at` records a decision taken earlier (a meeting's decisions entered the next day,
    or history loaded from a previous system): not in the future, nor before the
    case's last step.
    """
    data = data or {}
    now = timezone.now()
    at = at or now
    if at > now:
        raise ApplicationError("The date of the decision must be today or in the past")
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ApplicationError(f"There is no step called '{name}'")
    with transaction.atomic():
        locked = Case.objects.select_for_update(no_key=True).get(pk=case.pk)  # see lock_version
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentChangeError(
                "Someone else changed this case while you were working on it. "
                "Check the case as it is now and make your change again.",
                {"current_version": locked.version},
            )
        if locked.state not in transition.sources:
            raise ApplicationError(
                f"You cannot {transition.label} while the case is "
                f"'{State(locked.state).label.lower()}'"
            )
        require(actor, transition.action, locked)
        for guard in transition.guards:
            refused = guard(actor, locked)
            if refused:
                raise ApplicationError(refused, {"__all__": [refused]})
        problems = transition.problems(locked, data)
        if problems:
            raise ApplicationError(problems[0], {"__all__": problems})
        if at < locked.state_changed_at and at != now:
            raise ApplicationError("The date of the decision cannot be before the case's last step")
        for change in transition.changes:
            change(locked, data)
        previous = locked.state
        locked.state = transition.target
        locked.state_changed_at = at
        if transition.target == State.CLOSED:
            locked.closed_on = timezone.localdate(at)
        locked.version += 1
        locked.save()
        moment = Moment(case=locked, previous=previous, actor=actor, at=at, data=data)
        for effect in transition.effects:
            effect(moment)
        CaseTransition.objects.create(
            case=locked,
            name=name,
            from_state=previous,
            to_state=transition.target,
            actor=actor,
            reason=(data.get("reason") or "").strip(),
            at=at,
        )
        case_event_record(
            event=CaseEvent.TRANSITION,
            case=locked,
            actor=actor,
            title=transition.event_title,
            description=(data.get("reason") or "").strip(),
            at=at,
            detail={"transition": name, "from": previous, "to": transition.target},
        )
        work_notices.after_transition(case=locked, name=name, actor=actor)
    return locked


def case_screen(
    *,
    actor: User,
    case: Case,
    outcome: str,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Record the front door's screening decision (starting screening if needed)."""
    if outcome not in ScreeningOutcome.values:
        raise ApplicationError(
            "Select the screening decision", {"outcome": ["Select the screening decision"]}
        )
    if not reason.strip():
        raise ApplicationError(
            "Enter the reason for the decision", {"reason": ["Enter the reason for the decision"]}
        )
    with transaction.atomic():
        if case.state == State.ENQUIRY_RECEIVED:
            case = case_transition(
                actor=actor,
                case=case,
                name=TransitionName.START_SCREENING,
                expected_version=expected_version,
                at=at,
            )
            expected_version = case.version
        name = (
            TransitionName.ACCEPT_FOR_ALLOCATION
            if outcome == ScreeningOutcome.EARLY_HELP_ASSESSMENT
            else TransitionName.CLOSE_AT_SCREENING
        )
        return case_transition(
            actor=actor,
            case=case,
            name=name,
            expected_version=expected_version,
            data={"outcome": outcome, "reason": reason},
            at=at,
        )


@dataclass
class StepDownDetails:
    """A family stepped down from children's social care: their episode's reference."""

    social_care_reference: str
    social_care_closed_on: dt.date | None = None


def case_accept_step_down(
    *,
    actor: User,
    case: Case,
    details: StepDownDetails,
    summary: str,
    at: dt.datetime | None = None,
) -> Case:
    """Take a new enquiry stepped down from social care straight to awaiting allocation.

    The enquiry's contact source becomes 5A (LA services: social care) and the step-down
    is linked to the social care episode's reference; the case goes on the next
    allocation meeting's agenda as a step-down.
    """
    errors: dict[str, list[str]] = {}
    reference = details.social_care_reference.strip()
    if not reference:
        errors["social_care_reference"] = ["Enter the social care episode reference"]
    if details.social_care_closed_on and details.social_care_closed_on > timezone.localdate():
        errors["social_care_closed_on"] = [
            "The date social care closed its episode must be today or in the past"
        ]
    if not summary.strip():
        errors["concerns"] = ["Enter why the family is stepping down and what help they need"]
    if errors:
        raise ApplicationError("Check the step-down details", errors)
    if not can(actor, Action.SCREEN, case):
        raise ApplicationError(
            "You can record a step-down only for a family in a zone or family hub you cover"
        )
    with transaction.atomic():
        Enquiry.objects.filter(case=case).update(contact_source=ContactSource.LA_SOCIAL_CARE)
        StepDown.objects.create(
            case=case,
            social_care_reference=reference,
            social_care_closed_on=details.social_care_closed_on,
            summary=summary.strip(),
            recorded_by=actor,
        )
        return case_transition(
            actor=actor,
            case=case,
            name=TransitionName.ACCEPT_STEP_DOWN,
            data={"reason": f"Stepped down from children's social care ({reference})"},
            at=at,
        )

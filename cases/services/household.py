"""Someone joins the household after the enquiry: a new baby, a new partner.

The family's record is shared by its cases, so the person is added to the family (as
the enquiry adds people: a known NHS number is reused only for the same person, and a
clash is kept for the front door's review) and the case's chronology and audit log say
who added them, on which case.
"""

from __future__ import annotations

from django.db import transaction

from cases.access import Action, require
from cases.events import CaseEvent, case_event_record
from cases.models import Case, Person
from cases.services.families import PersonDetails, person_add_to_family
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from partners.models import User


def household_member_add(*, actor: User, case: Case, details: PersonDetails) -> Person:
    """Add a person to the household of `case`'s family, as one who may correct the
    family's record on this case; a closed case's household is no longer kept up."""
    require(actor, Action.CORRECT_RECORD, case)
    if case.state == State.CLOSED:
        raise ApplicationError("The case is closed: its household is no longer kept up to date")
    with transaction.atomic():
        person = person_add_to_family(actor=actor, family=case.family, details=details)
        case_event_record(
            event=CaseEvent.HOUSEHOLD_JOINED,
            case=case,
            actor=actor,
            title=f"{person.full_name} joined the household",
            description=details.relationship.replace("_", " "),
            obj=person,
            detail={"person_id": person.pk, "relationship": details.relationship},
        )
    return person

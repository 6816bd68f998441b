# mypy: disallow-untyped-defs
"""What the family agreed to and what was disclosed without their consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases.access import Action, refuse_if_closed, require
from cases.events import CaseEvent, case_event_record
from cases.models import (
    Case,
    CaseShare,
    ConsentDecision,
    ConsentRecord,
    Disclosure,
    Person,
    ShareBasis,
)
from cases.services.shares import _share_create, _share_end
from earlyhelp.errors import ApplicationError
from partners.models import Agency, User

# --------------------------------------------------------------------------- consent, shares


def consent_record(
    *,
    actor: User,
    case: Case,
    decision: str,
    basis: str = ShareBasis.CONSENT,
    person: Person | None = None,
    agencies: Sequence[Agency] = (),
    purposes: str = "",
    lawful_reason: str = "",
    method: str = "verbal",
    decided_on: dt.date | None = None,
    review_on: dt.date | None = None,
) -> ConsentRecord:
    """Record consent given, refused or withdrawn, or a lawful basis without consent.

    Consent given to named agencies shares the case with them; consent withdrawn ends
    every share that relied on that person's consent.
    """
    refuse_if_closed(actor, Action.MANAGE_TEAM, case, "consent can no longer be recorded on it")
    require(actor, Action.MANAGE_TEAM, case)
    errors: dict[str, list[str]] = {}
    if decision not in ConsentDecision.values:
        errors["decision"] = ["Select the family's decision"]
    if basis == ShareBasis.CONSENT and person is None:
        errors["person"] = ["Select who gave or refused consent"]
    if basis != ShareBasis.CONSENT and not lawful_reason.strip():
        errors["lawful_reason"] = ["Enter why sharing without consent is lawful"]
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        errors["decided_on"] = ["Date of the decision must be today or in the past"]
    if errors:
        raise ApplicationError("Check the consent details", errors)
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            case=case,
            person=person,
            decision=decision,
            basis=basis,
            lawful_reason=lawful_reason.strip(),
            purposes=purposes,
            method=method,
            decided_on=decided_on,
            review_on=review_on,
            recorded_by=actor,
        )
        record.agencies.set(agencies)
        if decision == ConsentDecision.WITHDRAWN:
            relying = CaseShare.objects.filter(
                case=case, basis=ShareBasis.CONSENT, ended_at__isnull=True
            )
            if person is not None:
                relying = relying.filter(Q(consent__person=person) | Q(consent__isnull=True))
            for share in relying:
                _share_end(actor=actor, share=share, reason="Consent withdrawn")
        elif decision == ConsentDecision.GIVEN:
            for agency in agencies:
                if not CaseShare.objects.current().filter(case=case, agency=agency).exists():
                    _share_create(
                        actor=actor,
                        case=case,
                        agency=agency,
                        basis=ShareBasis.CONSENT,
                        consent=record,
                        purpose=purposes,
                    )
        who = person.full_name if person else "Lawful basis"
        case_event_record(
            event=CaseEvent.CONSENT_RECORDED,
            case=case,
            actor=actor,
            obj=record,
            title=f"Consent {record.get_decision_display().lower()}: {who}",
            description=lawful_reason or purposes,
        )
    return record


def disclosure_record(
    *,
    actor: User,
    case: Case,
    what: str,
    purpose: str,
    basis: str,
    reasoning: str,
    shared_with_agency: Agency | None = None,
    shared_with: str = "",
    shared_on: dt.date | None = None,
) -> Disclosure:
    """Record information shared outside the system: a phone call, a letter, a report
    sent, a case audit PDF handed to a court.

    Working Together 2023 asks that "a record should be kept of what has been shared,
    with whom and for what purpose and the reasoning behind it", so each is required,
    with the lawful basis. Those who decide who works with the family (MANAGE_TEAM)
    record it. A closed case still takes the record: information is shared after
    closure too (a subject access request, a court), and the record is of something
    that happened, not a change to the case's work.
    """
    require(actor, Action.MANAGE_TEAM, case)
    what, purpose, reasoning, shared_with = (
        what.strip(),
        purpose.strip(),
        reasoning.strip(),
        shared_with.strip(),
    )
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if not what:
        errors["what"] = ["Enter what was shared"]
    if shared_with_agency is None and not shared_with:
        errors["shared_with_agency"] = ["Select the agency or enter who it was shared with"]
    if not purpose:
        errors["purpose"] = ["Enter the purpose of sharing"]
    if basis not in ShareBasis.values:
        errors["basis"] = ["Select the lawful basis for sharing"]
    if not reasoning:
        errors["reasoning"] = ["Enter the reasoning behind the decision to share"]
    if shared_on is not None and shared_on > today:
        errors["shared_on"] = ["Date shared must be today or in the past"]
    if errors:
        raise ApplicationError("Check the record of what was shared", errors)
    at = timezone.now()
    if shared_on is not None and shared_on != today:
        # The time of a call or letter is not asked for: an earlier day is kept as midday.
        at = timezone.make_aware(dt.datetime.combine(shared_on, dt.time(12)))
    recipient = shared_with_agency.name if shared_with_agency else shared_with
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            case=case,
            shared_with_agency=shared_with_agency,
            shared_with=shared_with,
            what=what,
            purpose=purpose,
            basis=basis,
            reasoning=reasoning,
            shared_by=actor,
            at=at,
        )
        case_event_record(
            event=CaseEvent.INFORMATION_SHARED,
            case=case,
            actor=actor,
            obj=disclosure,
            title=f"Information shared with {recipient}",
            description=what,
            at=at,
            reason=reasoning,
            detail={"shared_with": recipient, "basis": basis},
        )
    return disclosure

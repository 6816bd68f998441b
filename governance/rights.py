"""Restriction and erasure requests: each recorded, decided with its lawful basis.

An upheld restriction hides the person's records from everyone but the lead agency's
managers and the officer (cases/access.py reads `PersonRestriction`); an upheld erasure
anonymises the person's own rows as the retention schedule would (the family's shared
record stays: other people's information is in it, and early help records are kept
under the council's public task, so erasure is usually refused with that basis).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from cases.audit import audit_record
from cases.models import Person, PersonRestriction
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from governance.holdings import own_holdings
from governance.models import RightsDecision, RightsKind, RightsRequest
from governance.permissions import require_officer


def rights_request_record(
    *,
    actor: Any,
    kind: str,
    person: Person,
    requester_name: str,
    grounds: str,
    received_on: dt.date,
) -> RightsRequest:
    require_officer(actor)
    if kind not in RightsKind.values:
        raise ApplicationError("Select the kind of request")
    if received_on > timezone.localdate():
        raise ApplicationError("The date received must be today or in the past")
    with transaction.atomic():
        request = RightsRequest.objects.create(
            kind=kind,
            person=person,
            requester_name=requester_name,
            grounds=grounds,
            received_on=received_on,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=request,
            reason=f"{kind} request recorded",
            detail={"person_id": person.pk},
        )
    return request


def rights_request_decide(
    *, actor: Any, request: RightsRequest, decision: str, lawful_basis: str
) -> RightsRequest:
    """Decide a request. Upholding a restriction restricts the person at once (the lawful
    basis is the reason shown on the banner); upholding erasure anonymises their own rows."""
    require_officer(actor)
    if request.decision != RightsDecision.PENDING:
        raise ApplicationError("This request has been decided already")
    if decision not in (RightsDecision.UPHELD, RightsDecision.REFUSED):
        raise ApplicationError("Select whether the request is upheld or refused")
    if not lawful_basis.strip():
        raise ApplicationError("Enter the lawful basis for the decision")
    with transaction.atomic():
        request.decision = decision
        request.lawful_basis = lawful_basis
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save(update_fields=["decision", "lawful_basis", "decided_by", "decided_at"])
        if decision == RightsDecision.UPHELD and request.kind == RightsKind.RESTRICTION:
            PersonRestriction.objects.create(
                person=request.person, reason=lawful_basis, placed_by=actor
            )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=request,
            reason=f"{request.kind} request {decision}",
        )
        if decision == RightsDecision.UPHELD and request.kind == RightsKind.ERASURE:
            from governance.retention import anonymise

            anonymise(own_holdings(request.person))
    return request


def restriction_lift(*, actor: Any, restriction: PersonRestriction) -> PersonRestriction:
    require_officer(actor)
    with transaction.atomic():
        restriction.lifted_at = timezone.now()
        restriction.save(update_fields=["lifted_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=restriction, reason="restriction lifted"
        )
    return restriction

# mypy: disallow-untyped-defs
"""Consent given, refused or withdrawn by a family member themselves, for one agency.

The family's own section (family_view/) records a family member's decision here. It is
the practitioner's consent service with a different gate: the decision is theirs, so
the check is that the person deciding is the person whose consent it is (the caller,
family_view, has checked their access), not that the actor manages the team. What it
does to shares is the same code `consent_record` runs: consent given shares the case
with the agency; consent refused or withdrawn ends the shares with that agency that
relied on this person's consent, and the team memberships that relied on those. A
family member answers for their own consent only: a share on another member's consent
(or on a lawful basis) is not theirs to end.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cases import timeline
from cases.audit import audit_record
from cases.events import CaseEvent
from cases.models import Case, CaseShare, ConsentDecision, ConsentRecord, Person
from cases.models.audit import AuditAction
from cases.models.consent import ShareBasis
from cases.services.shares import _share_create, _share_end
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from partners.models import Agency, User


def consent_record_by_family_member(
    *,
    actor: User,
    case: Case,
    person: Person,
    agency: Agency,
    decision: str,
) -> ConsentRecord:
    """Record `person`'s own decision about `agency`, made through the family's section.

    `actor` is the family member's own actor row (family_view.models.FamilyAccess)."""
    if decision not in ConsentDecision.values:
        raise ApplicationError("Select your answer", {"decision": ["Select your answer"]})
    if case.state == State.CLOSED:
        raise ApplicationError("This case is closed, so consent can no longer be changed")
    with transaction.atomic():
        record = ConsentRecord.objects.create(
            case=case,
            person=person,
            decision=decision,
            basis=ShareBasis.CONSENT,
            purposes="Given online by the family member",
            method="written",
            decided_on=timezone.localdate(),
            recorded_by=actor,
        )
        record.agencies.set([agency])
        ended = 0
        if decision in (ConsentDecision.WITHDRAWN, ConsentDecision.REFUSED):
            relying = CaseShare.objects.filter(
                case=case, agency=agency, basis=ShareBasis.CONSENT, ended_at__isnull=True
            ).filter(consent__person=person)
            for share in relying:
                _share_end(actor=actor, share=share, reason="Consent withdrawn by the family")
                ended += 1
        elif not CaseShare.objects.current().filter(case=case, agency=agency).exists():
            _share_create(
                actor=actor,
                case=case,
                agency=agency,
                basis=ShareBasis.CONSENT,
                consent=record,
                purpose="To work with the family as part of early help",
            )
        timeline.event_add(
            case=case,
            kind=CaseEvent.CONSENT_RECORDED.kind,
            actor=actor,
            title=(
                f"Consent {record.get_decision_display().lower()} by {person.full_name} "
                f"for {agency.name} (online)"
            ),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=record,
            case=case,
            detail={"agency": agency.name, "decision": decision, "shares_ended": ended},
        )
    return record

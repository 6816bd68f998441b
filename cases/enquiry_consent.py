"""Consent asked once: the enquiry's "the family knows and agrees" becomes the case's
consent record.

The referrer's answer used to be thrown away, so the coordinator was stopped in the
middle of the allocation meeting ("Record the family's consent...") and the assessment
asked again. Now, when the enquiry says the family agrees, the enquiry writes a consent
record in its own transaction: consent given, verbally, to the referrer, on the day the
enquiry was received, by the family's main carer (or the first adult of the household
when none is marked), covering the agency that raised the enquiry, which is the agency
the enquiry names. It changes no access: the record says what the family agreed to, and
shares with other agencies are still made on the sharing page.

Screening shows whether the consent held will let the case be allocated
(`consent_covers_allocation`), with a link to record it there and then.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cases.codes import ADULT_RELATIONSHIPS
from cases.events import CaseEvent, case_event_record
from cases.models import ConsentDecision, ConsentRecord, Enquiry, HouseholdMember, ShareBasis
from cases.models.enquiries import FamilyConsent
from cases.workflow import has_consent_or_lawful_basis

ENQUIRY_PURPOSE = "To decide, and then give, the early help the enquiry asked for"


def _consenting_adult(enquiry: Enquiry) -> Any:
    adults = (
        HouseholdMember.objects.filter(
            family_id=enquiry.case.family_id,
            left_on__isnull=True,
            relationship__in=ADULT_RELATIONSHIPS,
        )
        .select_related("person")
        .order_by("-is_main_carer", "pk")
    )
    first = adults.first()
    return first.person if first else None


def enquiry_consent_carry(*, actor: Any, enquiry: Enquiry) -> ConsentRecord | None:
    """Inside the enquiry's transaction: record the consent the enquiry reports, if any."""
    if enquiry.family_consent != FamilyConsent.GIVEN:
        return None
    person = _consenting_adult(enquiry)
    record = ConsentRecord.objects.create(
        case=enquiry.case,
        person=person,
        decision=ConsentDecision.GIVEN,
        basis=ShareBasis.CONSENT,
        purposes=ENQUIRY_PURPOSE,
        method="verbal",
        decided_on=timezone.localdate(enquiry.received_at),
        recorded_by=actor,
    )
    if enquiry.raised_by_agency_id:
        record.agencies.set([enquiry.raised_by_agency_id])
    case_event_record(
        event=CaseEvent.CONSENT_RECORDED,
        case=enquiry.case,
        actor=actor,
        obj=record,
        title="Consent given, as the enquiry recorded"
        + (f": {person.full_name}" if person else ""),
        description=ENQUIRY_PURPOSE,
        at=enquiry.received_at,
        detail={"from": "enquiry"},
    )
    return record


def consent_covers_allocation(case: Any) -> bool:
    """Will the consent held (or a lawful basis) let the case be allocated?"""
    return has_consent_or_lawful_basis(case)

# mypy: disallow-untyped-defs
"""Sharing a case with a partner agency under an information sharing agreement, and ending
shares when the agreement or the case ends.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases import timeline
from cases.access import Action, refuse_if_closed, require
from cases.audit import audit_record
from cases.events import CaseEvent, case_event_record
from cases.models import (
    Case,
    CaseShare,
    CaseTeamMember,
    ConsentDecision,
    ConsentRecord,
    Disclosure,
    ShareBasis,
)
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from partners.models import Agency, InformationSharingAgreement, User


def _lawful_basis_errors(
    *,
    agency: Agency,
    basis: str,
    lawful_reason: str,
    agreement: InformationSharingAgreement | None,
    agreement_required: bool,
) -> dict[str, list[str]]:
    """What is missing from a lawful basis for sharing with `agency` without consent.

    An agreement relied on must cover the agency and be in force today.
    """
    errors: dict[str, list[str]] = {}
    if basis not in (ShareBasis.SAFEGUARDING, ShareBasis.LEGAL_DUTY):
        errors["basis"] = ["Select the lawful basis for sharing without consent"]
    if not lawful_reason.strip():
        errors["lawful_reason"] = ["Enter why sharing without consent is necessary"]
    if agreement is None:
        if agreement_required:
            errors["agreement"] = ["Select the information sharing agreement"]
    elif not agreement.agencies.filter(pk=agency.pk).exists():
        errors["agreement"] = [f"The agreement does not cover {agency.name}"]
    elif not agreement_in_force(agreement):
        errors["agreement"] = ["Select an agreement that is in force today"]
    return errors


def agreement_in_force(agreement: InformationSharingAgreement, on: dt.date | None = None) -> bool:
    on = on or timezone.localdate()
    return agreement.valid_from <= on and (
        agreement.valid_until is None or agreement.valid_until >= on
    )


def _team_stand_down(*, actor: User | None, share: CaseShare, reason: str) -> None:
    """End the team memberships that relied on a share which has just ended.

    A membership moves to another current share with the same agency if there is one;
    otherwise it ends today, on the chronology and the audit record.
    """
    today = timezone.localdate()
    relying = CaseTeamMember.objects.filter(share=share).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )
    if not relying.exists():
        return
    other = (
        CaseShare.objects.current()
        .filter(case_id=share.case_id, agency_id=share.agency_id)
        .exclude(pk=share.pk)
        .order_by("-granted_at")
        .first()
    )
    for member in relying.select_related("user", "agency"):
        if other is not None:
            member.share = other
            member.save(update_fields=["share"])
            continue
        member.ended_on = today
        member.save(update_fields=["ended_on"])
        case_event_record(
            event=CaseEvent.TEAM_LEFT,
            case=share.case,
            actor=actor,
            obj=member,
            title=f"{member.user or member.agency} left the Team Around the Family",
            description=reason,
            reason=reason,
            detail={"ended": "share ended", "agency": member.agency.name},
        )


def _share_create(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    basis: str,
    consent: ConsentRecord | None = None,
    lawful_reason: str = "",
    agreement: InformationSharingAgreement | None = None,
    purpose: str = "",
    ends_on: dt.date | None = None,
    what: str = "Access to the case record (family, enquiry, assessment, plan and notes "
    "shared with the whole team)",
) -> CaseShare:
    share = CaseShare.objects.create(
        case=case,
        agency=agency,
        basis=basis,
        consent=consent,
        lawful_reason=lawful_reason,
        agreement=agreement,
        purpose=purpose,
        granted_by=actor,
        ends_on=ends_on,
    )
    Disclosure.objects.create(
        case=case,
        share=share,
        shared_with_agency=agency,
        what=what,
        purpose=purpose or "To work with the family as part of early help",
        basis=basis,
        reasoning=lawful_reason or "The family consented to this agency seeing their information",
        shared_by=actor,
    )
    timeline.event_add(
        case=case,
        kind=CaseEvent.SHARED.kind,
        actor=actor,
        title=f"Shared with {agency.name}",
        description=purpose,
    )
    return share


def case_share(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    basis: str,
    consent: ConsentRecord | None = None,
    lawful_reason: str = "",
    agreement: InformationSharingAgreement | None = None,
    purpose: str = "",
    ends_on: dt.date | None = None,
) -> CaseShare:
    """Share a case with an agency, on recorded consent or a recorded lawful basis.

    Without consent the reason and the information sharing agreement relied on are
    required, and the agreement must cover the agency.
    """
    refuse_if_closed(actor, Action.MANAGE_TEAM, case, "it can no longer be shared")
    require(actor, Action.MANAGE_TEAM, case)
    errors: dict[str, list[str]] = {}
    if basis not in ShareBasis.values:
        errors["basis"] = ["Select the basis for sharing"]
    elif basis == ShareBasis.CONSENT:
        if (
            consent is None
            or consent.case_id != case.pk
            or (consent.decision != ConsentDecision.GIVEN)
        ):
            errors["consent"] = ["Select the consent this share relies on"]
    else:
        errors |= _lawful_basis_errors(
            agency=agency,
            basis=basis,
            lawful_reason=lawful_reason,
            agreement=agreement,
            agreement_required=True,
        )
    if not purpose.strip():
        errors["purpose"] = ["Enter the purpose of sharing"]
    if errors:
        raise ApplicationError("Check the sharing details", errors)
    with transaction.atomic():
        share = _share_create(
            actor=actor,
            case=case,
            agency=agency,
            basis=basis,
            consent=consent,
            lawful_reason=lawful_reason.strip(),
            agreement=agreement,
            purpose=purpose.strip(),
            ends_on=ends_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.SHARE,
            obj=share,
            case=case,
            reason=lawful_reason.strip(),
            detail={"agency": agency.name, "basis": basis},
        )
    return share


def _share_end(*, actor: User | None, share: CaseShare, reason: str) -> None:
    """End a share, and the team memberships that relied on it."""
    share.ended_at = timezone.now()
    share.ended_reason = reason
    share.save(update_fields=["ended_at", "ended_reason"])
    timeline.event_add(
        case=share.case,
        kind=CaseEvent.SHARE_ENDED.kind,
        actor=actor,
        title=f"Sharing with {share.agency.name} ended",
        description=reason,
    )
    _team_stand_down(actor=actor, share=share, reason=reason)


def case_share_end(*, actor: User, share: CaseShare, reason: str) -> CaseShare:
    refuse_if_closed(actor, Action.MANAGE_TEAM, share.case, "its sharing ended at closure")
    require(actor, Action.MANAGE_TEAM, share.case)
    if share.ended_at is not None:
        raise ApplicationError(f"Sharing with {share.agency.name} has already ended")
    if not reason.strip():
        raise ApplicationError(
            "Enter why sharing is ending", {"reason": ["Enter why sharing is ending"]}
        )
    with transaction.atomic():
        _share_end(actor=actor, share=share, reason=reason.strip())
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=share,
            case=share.case,
            reason=reason.strip(),
        )
    return share


AGREEMENT_ENDED_KIND = "sharing_agreement_ended"


def shares_end_on_expired_agreements(*, today: dt.date | None = None) -> int:
    """End the shares that rely on an information sharing agreement past its end date.

    Run daily. A share made without consent rests on its agreement: when the agreement
    ends, so does the share (and the team memberships that relied on it). Each ending
    is on the case's chronology and the audit log, and the case's lead practitioner is
    told, in the service and by email, so they can seek consent or a new basis.
    Idempotent: a share already ended is not touched again. Returns how many ended.
    """
    from django.urls import reverse

    from partners.notifications import notify

    today = today or timezone.localdate()
    expired = (
        CaseShare.objects.filter(ended_at__isnull=True, agreement__valid_until__lt=today)
        .select_related("case__lead_practitioner", "agency", "agreement")
        .order_by("id")
    )
    ended = 0
    for share in expired:
        agreement = share.agreement
        assert agreement is not None and agreement.valid_until is not None  # noqa: S101
        reason = (
            f"The information sharing agreement {agreement.reference} ended on "
            f"{agreement.valid_until.day} {agreement.valid_until:%B %Y}"
        )
        with transaction.atomic():
            _share_end(actor=None, share=share, reason=reason)
            audit_record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=share,
                case=share.case,
                reason=reason,
                detail={"agency": share.agency.name, "agreement": agreement.reference},
            )
            lead = share.case.lead_practitioner
            if lead is not None:
                notify(
                    recipients=[lead],
                    kind=AGREEMENT_ENDED_KIND,
                    title=f"Sharing with {share.agency.name} ended on {share.case.reference}",
                    body=f"{reason}, so {share.agency.name} can no longer see the case. "
                    "Record the family's consent or another lawful basis if they still "
                    "need to.",
                    url=reverse("case-sharing", args=[share.case_id]),
                )
        ended += 1
    return ended

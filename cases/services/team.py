# mypy: disallow-untyped-defs
"""The Team Around the Family: adding a practitioner from a partner agency on a lawful
basis, and standing them down.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cases import work_notices
from cases.access import Action, refuse_if_closed, require
from cases.events import CaseEvent, case_event_record
from cases.models import Case, CaseShare, CaseTeamMember, Disclosure, ShareBasis
from cases.services.shares import _lawful_basis_errors, _share_create
from earlyhelp.errors import ApplicationError
from partners.models import Agency, InformationSharingAgreement, User
from partners.selectors import active_memberships, not_a_member_message

# --------------------------------------------------------------------------- team


def team_member_add(
    *,
    actor: User,
    case: Case,
    agency: Agency,
    user: User | None = None,
    role_on_case: str = "",
    started_on: dt.date | None = None,
    basis: str = ShareBasis.CONSENT,
    lawful_reason: str = "",
    agreement: InformationSharingAgreement | None = None,
) -> CaseTeamMember:
    """Add an agency (optionally a named person of it) to the Team Around the Family.

    Joining the team opens the case to the agency, so someone from an agency other than
    the lead agency joins only on a basis: the family's consent covering that agency (a
    current share with it), or a lawful basis for sharing without consent, recorded
    here as a share with its reason. Either way the addition goes on the information
    sharing record, and the membership ends when the share it relies on ends.
    """
    refuse_if_closed(actor, Action.MANAGE_TEAM, case, "no one can join its team")
    require(actor, Action.MANAGE_TEAM, case)
    errors: dict[str, list[str]] = {}
    if user is not None and not any(
        m.agency_id == agency.pk for m in active_memberships(user=user)
    ):
        errors["user"] = [not_a_member_message(agency)]
    needs_basis = agency.pk != case.lead_agency_id
    existing = (
        CaseShare.objects.current().filter(case=case, agency=agency).order_by("-granted_at").first()
        if needs_basis
        else None
    )
    if needs_basis and basis == ShareBasis.CONSENT and existing is None:
        errors["basis"] = [
            f"The family's consent does not cover {agency.name}. Record their consent "
            "first, or choose a lawful basis for sharing without it"
        ]
    elif needs_basis and basis != ShareBasis.CONSENT:
        errors |= _lawful_basis_errors(
            agency=agency,
            basis=basis,
            lawful_reason=lawful_reason,
            agreement=agreement,
            agreement_required=False,
        )
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors)
    who = f"{user.full_name} ({agency.name})" if user else agency.name
    with transaction.atomic():
        share = existing
        if needs_basis and basis != ShareBasis.CONSENT:
            share = _share_create(
                actor=actor,
                case=case,
                agency=agency,
                basis=basis,
                lawful_reason=lawful_reason.strip(),
                agreement=agreement,
                purpose="To work with the family as part of the Team Around the Family",
                what=f"Access to the case record: {who} joined the Team Around the Family",
            )
        elif share is not None:
            Disclosure.objects.create(
                case=case,
                share=share,
                shared_with_agency=agency,
                what=f"Access to the case record: {who} joined the Team Around the Family",
                purpose="To work with the family as part of the Team Around the Family",
                basis=share.basis,
                reasoning=share.lawful_reason
                or "The family consented to this agency seeing their information",
                shared_by=actor,
            )
        member = CaseTeamMember.objects.create(
            case=case,
            agency=agency,
            user=user,
            role_on_case=role_on_case,
            started_on=started_on or timezone.localdate(),
            added_by=actor,
            share=share,
        )
        case_event_record(
            event=CaseEvent.TEAM_JOINED,
            case=case,
            actor=actor,
            obj=member,
            title=f"{user or agency} joined the Team Around the Family",
            description=role_on_case,
            reason=lawful_reason.strip(),
            detail={"agency": agency.name, "basis": share.basis if share else "lead agency"},
        )
        work_notices.team_joined(member=member, actor=actor)
    return member


def team_member_end(
    *, actor: User, member: CaseTeamMember, ended_on: dt.date | None = None
) -> CaseTeamMember:
    refuse_if_closed(actor, Action.MANAGE_TEAM, member.case, "its team can no longer change")
    require(actor, Action.MANAGE_TEAM, member.case)
    if member.ended_on is not None and member.ended_on <= timezone.localdate():
        raise ApplicationError(f"{member.user or member.agency} has already left the team")
    with transaction.atomic():
        member.ended_on = ended_on or timezone.localdate()
        member.save(update_fields=["ended_on"])
        case_event_record(
            event=CaseEvent.TEAM_LEFT,
            case=member.case,
            actor=actor,
            obj=member,
            title=f"{member.user or member.agency} left the Team Around the Family",
        )
    return member

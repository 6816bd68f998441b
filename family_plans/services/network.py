"""Family network meetings (family group decision making)."""

# mypy: disallow-untyped-defs

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import timeline
from cases.access import Action, require
from cases.audit import audit_record
from cases.models import Case
from cases.models.audit import AuditAction
from earlyhelp.errors import ApplicationError
from earlyhelp.versioning import lock_version
from family_plans.events import PlanEvent
from family_plans.models import (
    FamilyNetworkMeeting,
    NetworkMember,
    NetworkRelationship,
    OfferResponse,
)
from family_plans.services.common import (
    MEETING_STATES,
    _check_date,
    _moment,
    _state_label,
)
from partners.models import User

# ------------------------------------------------------------------ family network meetings


@dataclass
class NetworkPerson:
    name: str
    relationship: str
    relationship_detail: str = ""
    attended: bool | None = None


@dataclass
class NetworkMeetingDetails:
    offered_on: dt.date | None
    response: str = OfferResponse.AWAITING
    response_on: dt.date | None = None
    declined_reason: str = ""
    facilitator_name: str = ""
    facilitator_organisation: str = ""
    facilitated_on: dt.date | None = None
    private_family_time: bool | None = None
    family_plan: str = ""
    outcome: str = ""
    network: Sequence[NetworkPerson] = ()


def _check_network_meeting(case: Case, details: NetworkMeetingDetails) -> None:
    errors: dict[str, list[str]] = {}
    _check_date(errors, "offered_on", "Date offered", details.offered_on, case)
    if details.response not in OfferResponse.values:
        errors["response"] = ["Select the family's answer"]
    if details.response != OfferResponse.AWAITING:
        _check_date(errors, "response_on", "Date of the family's answer", details.response_on, case)
        if (
            details.response_on
            and details.offered_on
            and details.response_on < details.offered_on
            and "response_on" not in errors
        ):
            errors["response_on"] = ["The family's answer must be on or after the date offered"]
    if details.response == OfferResponse.DECLINED and not details.declined_reason.strip():
        errors["declined_reason"] = ["Enter why the family declined"]
    if details.facilitated_on is not None:
        if details.response != OfferResponse.ACCEPTED:
            errors["facilitated_on"] = ["A meeting can only be held once the family has accepted"]
        else:
            _check_date(errors, "facilitated_on", "Date held", details.facilitated_on, case)
            if (
                details.offered_on
                and details.facilitated_on < details.offered_on
                and "facilitated_on" not in errors
            ):
                errors["facilitated_on"] = ["The meeting must be held on or after the date offered"]
        if not details.facilitator_name.strip():
            errors["facilitator_name"] = ["Enter the name of the independent facilitator"]
        if not any(p.relationship != NetworkRelationship.PROFESSIONAL for p in details.network):
            errors["__all__"] = [
                "Add the relatives, friends or connected people from the family's network "
                "who were invited"
            ]
    for n, person in enumerate(details.network):
        if not person.name.strip():
            errors[f"network-{n}-name"] = ["Enter the person's name"]
        if person.relationship not in NetworkRelationship.values:
            errors[f"network-{n}-relationship"] = ["Select how they know the family"]
    if errors:
        raise ApplicationError("Check the family network meeting", errors)


def network_meeting_save(
    *,
    actor: User,
    case: Case,
    details: NetworkMeetingDetails,
    meeting: FamilyNetworkMeeting | None = None,
    expected_version: int | None = None,
) -> FamilyNetworkMeeting:
    """Record a family network meeting offered to the family, their answer, and — once
    held with an independent facilitator — the family's own plan and the outcome."""
    require(actor, Action.WORK, case)
    if case.state not in MEETING_STATES:
        raise ApplicationError(
            f"You cannot record a family network meeting while the case is '{_state_label(case)}'"
        )
    _check_network_meeting(case, details)
    assert details.offered_on is not None  # noqa: S101
    with transaction.atomic():
        if meeting is None:
            record = FamilyNetworkMeeting(
                case=case, created_by=actor, offered_on=details.offered_on
            )
            before_response = None
            before_held = None
        else:
            record = lock_version(
                FamilyNetworkMeeting.objects.filter(case=case),
                pk=meeting.pk,
                expected=expected_version,
                stale="Someone changed this family network meeting after you opened this page. "
                "Check it as it is now and make your change again.",
            )
            before_response = record.response
            before_held = record.facilitated_on
            record.version += 1
        record.offered_on = details.offered_on
        record.response = details.response
        record.response_on = details.response_on if details.response != "awaiting" else None
        record.declined_reason = (
            details.declined_reason.strip() if details.response == OfferResponse.DECLINED else ""
        )
        record.facilitator_name = details.facilitator_name.strip()
        record.facilitator_organisation = details.facilitator_organisation.strip()
        record.facilitated_on = details.facilitated_on
        record.private_family_time = details.private_family_time
        record.family_plan = details.family_plan.strip()
        record.outcome = details.outcome.strip()
        record.updated_at = timezone.now()
        record.save()
        NetworkMember.objects.filter(meeting=record).delete()
        NetworkMember.objects.bulk_create(
            NetworkMember(
                meeting=record,
                name=p.name.strip(),
                relationship=p.relationship,
                relationship_detail=p.relationship_detail.strip(),
                attended=p.attended,
            )
            for p in details.network
        )
        url = reverse("network-meeting", kwargs={"case_id": case.pk, "meeting_id": record.pk})
        if meeting is None:
            timeline.event_add(
                case=case,
                kind=PlanEvent.NETWORK_MEETING_OFFERED.kind,
                actor=actor,
                title="Family network meeting offered",
                url=url,
                at=_moment(record.offered_on),
            )
        if record.response != before_response and record.response != OfferResponse.AWAITING:
            timeline.event_add(
                case=case,
                kind=PlanEvent.NETWORK_MEETING_ANSWERED.kind,
                actor=actor,
                title=f"Family network meeting {record.get_response_display().lower()} by "
                "the family",
                description=record.declined_reason,
                url=url,
                at=_moment(record.response_on) if record.response_on else None,
            )
        if record.facilitated_on is not None and before_held is None:
            timeline.event_add(
                case=case,
                kind=PlanEvent.NETWORK_MEETING_HELD.kind,
                actor=actor,
                title="Family network meeting held",
                description=(record.outcome or record.family_plan)[:500],
                url=url,
                at=_moment(record.facilitated_on),
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if meeting is None else AuditAction.UPDATE,
            obj=record,
            case=case,
        )
    return record

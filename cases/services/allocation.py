# mypy: disallow-untyped-defs
"""Writes of the weekly allocation meeting: planning it (its agenda built from the agenda
sources), recording who attended, and its decision about each case.

A decision changes the case through case_transition in the same transaction as the
agenda item, so who can see the case changes with it. Two coordinators deciding about
the same case at once cannot both win: the item is locked and carries a version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases import timeline
from cases.access import Action, reach_of, require
from cases.agenda import agenda_sources, waiting_cases
from cases.audit import audit_record
from cases.events import CaseEvent
from cases.models import (
    CLOSING_DECISIONS,
    AllocationItem,
    AllocationMeeting,
    AllocationMeetingAttendee,
    Case,
    CaseType,
    Decision,
    NeedLevel,
)
from cases.models.audit import AuditAction
from cases.selectors.caseloads import caseload_of
from cases.services.transitions import case_transition
from cases.workflow import TransitionName, lead_refusal
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.templatetags.govuk import govuk_date
from earlyhelp.versioning import save_new_version
from partners.models import Agency, FamilyHub, User, Zone

FINAL_DECISIONS = frozenset({Decision.ALLOCATE, Decision.NO_FURTHER_ACTION, Decision.SIGNPOST})
DEFAULT_MEETING_TIME = dt.time(10, 0)


def covers_place(user: Any, *, zone_id: int | None, family_hub_id: int | None) -> bool:
    """A coordinator or manager covers the zone, or the family hub (or its zone)."""
    reach = reach_of(user)
    if family_hub_id is not None:
        if family_hub_id in reach.hub_ids:
            return True
        zone_id = FamilyHub.objects.filter(pk=family_hub_id).values_list("zone_id", flat=True)[0]
    return zone_id is not None and zone_id in reach.zone_ids


def _require_covers(actor: User, meeting: AllocationMeeting) -> None:
    if not covers_place(actor, zone_id=meeting.zone_id, family_hub_id=meeting.family_hub_id):
        raise PermissionDenied("You do not run allocation meetings here")


def _add_to_agenda(meeting: AllocationMeeting) -> int:
    """Put every waiting case not yet on the agenda there, source by source."""
    on_agenda = AllocationItem.objects.filter(meeting=meeting).values("case_id")
    position = AllocationItem.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"] or 0
    added = 0
    taken: set[int] = set()
    for source in agenda_sources():
        waiting = waiting_cases(meeting).exclude(pk__in=on_agenda).exclude(pk__in=taken)
        chosen = list(
            source.select(meeting, waiting)
            .order_by("enquiry__received_at", "id")
            .values_list("pk", flat=True)
        )
        items = []
        for case_id in chosen:
            position += 1
            items.append(
                AllocationItem(
                    meeting=meeting, case_id=case_id, source=source.key, position=position
                )
            )
        AllocationItem.objects.bulk_create(items)
        taken.update(chosen)
        added += len(items)
    return added


def allocation_meeting_create(
    *,
    actor: User,
    held_on: dt.date,
    zone: Zone | None = None,
    family_hub: FamilyHub | None = None,
    starts_at: dt.time | None = None,
    chair: User | None = None,
    notes: str = "",
    build_agenda: bool = True,
) -> AllocationMeeting:
    """Plan an allocation meeting for a zone or a family hub, its agenda built from the
    cases waiting there (unless `build_agenda` is False: a meeting recorded afterwards,
    its families added one by one with allocation_agenda_add)."""
    if (zone is None) == (family_hub is None):
        raise ApplicationError(
            "Select the zone or family hub", {"place": ["Select the zone or family hub"]}
        )
    if not covers_place(
        actor,
        zone_id=zone.pk if zone else None,
        family_hub_id=family_hub.pk if family_hub else None,
    ):
        raise ApplicationError(
            "Select a zone or family hub you cover",
            {"place": ["Select a zone or family hub you cover"]},
        )
    with transaction.atomic():
        meeting = AllocationMeeting.objects.create(
            zone=zone,
            family_hub=family_hub,
            held_on=held_on,
            starts_at=starts_at,
            chair=chair or actor,
            notes=notes.strip(),
            created_by=actor,
        )
        added = _add_to_agenda(meeting) if build_agenda else 0
        audit_record(actor=actor, action=AuditAction.CREATE, obj=meeting, detail={"agenda": added})
    return meeting


def allocation_meeting_refresh(*, actor: User, meeting: AllocationMeeting) -> int:
    """Add the cases that started waiting since the agenda was built; returns how many."""
    _require_covers(actor, meeting)
    with transaction.atomic():
        AllocationMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
        added = _add_to_agenda(meeting)
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=meeting, detail={"agenda_added": added}
        )
    return added


def allocation_agenda_add(*, actor: User, meeting: AllocationMeeting, case: Case) -> AllocationItem:
    """Put one family waiting in the meeting's place on its agenda (last), under the first
    agenda source that picks it."""
    _require_covers(actor, meeting)
    with transaction.atomic():
        waiting = waiting_cases(meeting).filter(pk=case.pk)
        source = next((s for s in agenda_sources() if s.select(meeting, waiting).exists()), None)
        if source is None:
            raise ApplicationError(
                f"{case.reference} is not waiting for allocation in {meeting.place_name}"
            )
        on_agenda = AllocationItem.objects.filter(meeting=meeting)
        item = on_agenda.filter(case=case).first()
        if item is None:
            last = on_agenda.aggregate(m=Max("position"))["m"] or 0
            item = AllocationItem.objects.create(
                meeting=meeting, case=case, source=source.key, position=last + 1
            )
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=meeting,
                case=case,
                detail={"agenda_added": 1},
            )
    return item


@dataclass(frozen=True)
class AttendeeDetails:
    name: str
    role: str = ""
    agency: Agency | None = None


def allocation_meeting_attendance(
    *,
    actor: User,
    meeting: AllocationMeeting,
    agencies: Sequence[Agency],
    people: Sequence[AttendeeDetails],
    notes: str | None = None,
) -> AllocationMeeting:
    """Record which agencies were represented and who was present (replacing the last)."""
    _require_covers(actor, meeting)
    named = [p for p in people if p.name.strip()]
    if not agencies and not named:
        raise ApplicationError(
            "Select the agencies represented or add the people present",
            {"agencies": ["Select the agencies represented or add the people present"]},
        )
    with transaction.atomic():
        meeting.agencies.set(agencies)
        meeting.attendees.all().delete()
        AllocationMeetingAttendee.objects.bulk_create(
            AllocationMeetingAttendee(
                meeting=meeting, name=p.name.strip(), role=p.role.strip(), agency=p.agency
            )
            for p in named
        )
        if notes is not None:
            meeting.notes = notes.strip()
            meeting.save(update_fields=["notes"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=meeting,
            detail={"agencies": len(agencies), "people": len(named)},
        )
    return meeting


def _decision_time(meeting: AllocationMeeting, case: Case) -> dt.datetime:
    """When the meeting met (its decisions are often typed up afterwards), unless that is
    still to come or earlier than the case's last step: then now."""
    now = timezone.now()
    met = timezone.make_aware(
        dt.datetime.combine(meeting.held_on, meeting.starts_at or DEFAULT_MEETING_TIME)
    )
    return met if case.state_changed_at <= met <= now else now


def _check(decision: str, data: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values or decision == Decision.PENDING:
        errors["decision"] = ["Select the meeting's decision"]
    elif decision == Decision.ALLOCATE:
        if data["lead_practitioner"] is None or data["lead_agency"] is None:
            errors["lead"] = ["Select the lead practitioner"]
        elif refused := lead_refusal(data["lead_practitioner"], data["lead_agency"]):
            errors["lead"] = [refused]
        if data["need_level"] is None:
            errors["need_level"] = ["Select the family's level of need at allocation"]
        if data["case_type"] is None:
            errors["case_type"] = ["Select the case type"]
    elif not data["reason"].strip():
        errors["reason"] = [
            "Enter why the decision is deferred"
            if decision == Decision.DEFER
            else "Enter the reason for closing the case"
        ]
    return errors


def allocation_decide(
    *,
    actor: User,
    item: AllocationItem,
    decision: str,
    expected_version: int,
    lead_agency: Agency | None = None,
    lead_practitioner: User | None = None,
    family_preference: str = "",
    need_level: NeedLevel | None = None,
    case_type: CaseType | None = None,
    reason: str = "",
    case_version: int | None = None,
) -> AllocationItem:
    """Record the meeting's decision about one case and change the case with it.

    - allocate: lead agency and practitioner (warned, not refused, over their case
      limit: `over_limit` is kept), the family's preference, level of need, case type;
    - defer: the case waits for a later meeting, with the reason;
    - no further action / signpost: the case closes, with the reason.

    `expected_version` is the agenda item's version the page showed: if someone else
    decided in the meantime the decision is refused with ConcurrentChangeError, and the
    page shows what they decided.
    """
    data = {
        "lead_agency": lead_agency,
        "lead_practitioner": lead_practitioner,
        "need_level": need_level,
        "case_type": case_type,
        "reason": reason,
    }
    errors = _check(decision, data)
    if errors:
        raise ApplicationError(next(iter(errors.values()))[0], errors)
    with transaction.atomic():
        locked = (
            AllocationItem.objects.select_for_update(of=("self",))
            .select_related("meeting", "case", "case__family")
            .get(pk=item.pk)
        )
        case = locked.case
        meeting = locked.meeting
        _require_covers(actor, meeting)
        if meeting.not_yet_held:
            ahead = (
                f"The meeting of {govuk_date(meeting.held_on)} has not happened yet. "
                "Record its decisions on the day of the meeting or after it"
            )
            raise ApplicationError(ahead, {"decision": [ahead]})
        if locked.version != expected_version:
            raise ConcurrentChangeError(
                f"Someone else recorded a decision about {case.family.name} while you were "
                "working on it. Check their decision below before you change it.",
                {"current_version": locked.version},
            )
        if locked.decision in FINAL_DECISIONS:
            raise ApplicationError(
                f"The meeting has already decided about {case.family.name}: "
                f"{locked.get_decision_display().lower()}"
            )
        at = _decision_time(meeting, case)
        over_limit = False
        if decision == Decision.ALLOCATE:
            assert lead_practitioner is not None  # noqa: S101 - checked above
            over_limit = caseload_of(lead_practitioner).with_one_more().over_limit
            case = case_transition(
                actor=actor,
                case=case,
                name=TransitionName.ALLOCATE,
                expected_version=case_version,
                at=at,
                data={
                    **data,
                    "family_preference": family_preference,
                    "reason": f"Allocated at the allocation meeting of "
                    f"{govuk_date(meeting.held_on)} ({meeting.place_name})",
                },
            )
        elif decision in CLOSING_DECISIONS:
            case = case_transition(
                actor=actor,
                case=case,
                name=TransitionName.CLOSE_WITHOUT_ALLOCATION,
                expected_version=case_version,
                at=at,
                data={"outcome": decision, "reason": reason},
            )
        else:
            require(actor, Action.ALLOCATE, case)
            if case.state != State.AWAITING_ALLOCATION:
                raise ApplicationError(
                    f"{case.family.name} is no longer waiting for allocation: the case is "
                    f"'{State(case.state).label.lower()}'"
                )
            timeline.event_add(
                case=case,
                kind=CaseEvent.ALLOCATION_DEFERRED.kind,
                actor=actor,
                at=at,
                title=f"Allocation deferred at the meeting of {govuk_date(meeting.held_on)}",
                description=reason.strip(),
            )
        locked.case = case
        locked.decision = decision
        locked.lead_agency = lead_agency if decision == Decision.ALLOCATE else None
        locked.lead_practitioner = lead_practitioner if decision == Decision.ALLOCATE else None
        locked.need_level = need_level if decision == Decision.ALLOCATE else None
        locked.case_type = case_type if decision == Decision.ALLOCATE else None
        locked.family_preference = family_preference.strip()
        locked.reason = reason.strip()
        locked.over_limit = over_limit
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        save_new_version(locked, update_fields=None)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            case=case,
            detail={"decision": decision, "meeting": meeting.pk, "over_limit": over_limit},
        )
    return locked

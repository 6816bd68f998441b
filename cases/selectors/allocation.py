# mypy: disallow-untyped-defs
"""Reads of allocation meetings: the meetings a coordinator runs, the agenda with each
case's working days waiting, one decision, and the meeting's record.

Every page here runs a fixed number of queries whatever the size of the agenda (a
40-case meeting is normal). `meeting_record` returns plain data that the printable
page and a PDF of the record both render.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from cases.access import reach_of, visible_cases
from cases.agenda import source_label
from cases.models import (
    AllocationItem,
    AllocationMeeting,
    AllocationMeetingAttendee,
    Decision,
)
from cases.timeliness import TARGET_WORKING_DAYS
from cases.workflow_states import State
from cases.working_days import working_days_between
from partners.models import FamilyHub, Zone
from partners.roles import Role

# Who runs allocation meetings and may open their records (the pages and the PDF).
MEETING_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})
FRONT_DOOR_TARGET = TARGET_WORKING_DAYS  # from enquiry to an offer of help (allocation)


def _covered(user: Any) -> Q:
    reach = reach_of(user)
    return (
        Q(zone_id__in=reach.zone_ids)
        | Q(family_hub_id__in=reach.hub_ids)
        | Q(family_hub__zone_id__in=reach.zone_ids)
    )


def meeting_list(*, user: Any, when: str = "all") -> QuerySet[AllocationMeeting]:
    """Meetings of the zones and hubs the user covers, newest first, with agenda counts."""
    today = timezone.localdate()
    meetings = AllocationMeeting.objects.filter(_covered(user))
    if when == "upcoming":
        meetings = meetings.filter(held_on__gte=today)
    elif when == "past":
        meetings = meetings.filter(held_on__lt=today)
    return (
        meetings.select_related("zone", "family_hub", "chair")
        .annotate(
            agenda_size=Count("items", distinct=True),
            undecided=Count(
                "items",
                filter=Q(items__decision__in=[Decision.PENDING, Decision.DEFER]),
                distinct=True,
            ),
        )
        .order_by("-held_on", "-id")
    )


def meeting_places(*, user: Any) -> tuple[QuerySet[Zone], QuerySet[FamilyHub]]:
    """The zones and family hubs the user may plan meetings for."""
    reach = reach_of(user)
    zones = Zone.objects.filter(pk__in=reach.zone_ids).order_by("name")
    hubs = (
        FamilyHub.objects.filter(Q(pk__in=reach.hub_ids) | Q(zone_id__in=reach.zone_ids))
        .select_related("zone")
        .order_by("zone__name", "name")
    )
    return zones, hubs


def meeting_for(*, user: Any, meeting_id: Any) -> AllocationMeeting:
    """One meeting of a place the user covers; 404 for any other (or none)."""
    try:
        pk = int(meeting_id)
    except (TypeError, ValueError):
        raise Http404("No such meeting") from None
    meeting = (
        AllocationMeeting.objects.filter(_covered(user))
        .select_related("zone", "family_hub", "chair", "created_by")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


@dataclass(frozen=True)
class AgendaRow:
    item: AllocationItem
    source: str
    received: dt.date
    waiting: int  # working days from the enquiry to the decision (or to today)
    earlier_deferrals: int
    still_waiting: bool  # the case is still awaiting allocation

    @property
    def case(self) -> Any:
        return self.item.case

    @property
    def over_target(self) -> bool:
        return self.waiting > FRONT_DOOR_TARGET


def _items(user: Any, meeting: AllocationMeeting) -> QuerySet[AllocationItem]:
    deferrals = (
        AllocationItem.objects.filter(
            case_id=OuterRef("case_id"),
            decision=Decision.DEFER,
            meeting__held_on__lt=meeting.held_on,
        )
        .order_by()
        .values("case_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        AllocationItem.objects.filter(meeting=meeting)
        .filter(Exists(visible_cases(user).filter(pk=OuterRef("case_id"))))
        .select_related(
            "case",
            "case__family",
            "case__family_hub",
            "case__enquiry",
            "case__enquiry__raised_by_agency",
            "case__rereferral_of",
            "case__step_down",
            "case__lead_agency",
            "case__lead_practitioner",
            "lead_agency",
            "lead_practitioner",
            "need_level",
            "case_type",
            "decided_by",
        )
        .annotate(
            earlier_deferrals=Coalesce(Subquery(deferrals, output_field=IntegerField()), Value(0))
        )
        .order_by("position", "id")
    )


def _row(item: AllocationItem, today: dt.date) -> AgendaRow:
    case = item.case
    enquiry = getattr(case, "enquiry", None)
    received = timezone.localdate(enquiry.received_at) if enquiry else case.opened_on
    until = (
        timezone.localdate(item.decided_at)
        if item.decided_at and (item.decision != Decision.DEFER)
        else today
    )
    return AgendaRow(
        item=item,
        source=source_label(item.source),
        received=received,
        waiting=working_days_between(received, until),
        earlier_deferrals=getattr(item, "earlier_deferrals", 0),
        still_waiting=case.state == State.AWAITING_ALLOCATION,
    )


def agenda(*, user: Any, meeting: AllocationMeeting) -> list[AgendaRow]:
    """The agenda in order: each case with its source and working days waiting."""
    today = timezone.localdate()
    return [_row(item, today) for item in _items(user, meeting)]


def agenda_item(*, user: Any, meeting: AllocationMeeting, item_id: Any) -> AgendaRow:
    """One item of the meeting's agenda (404 for any other)."""
    try:
        pk = int(item_id)
    except (TypeError, ValueError):
        raise Http404("No such agenda item") from None
    item = _items(user, meeting).filter(pk=pk).first()
    if item is None:
        raise Http404("No such agenda item")
    return _row(item, timezone.localdate())


@dataclass(frozen=True)
class Neighbours:
    previous_id: int | None
    next_id: int | None
    position: int
    total: int


def agenda_neighbours(*, meeting: AllocationMeeting, item: AllocationItem) -> Neighbours:
    """The items before and after this one, for going through the agenda in order."""
    ids = list(
        AllocationItem.objects.filter(meeting=meeting)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    index = ids.index(item.pk)
    return Neighbours(
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
        position=index + 1,
        total=len(ids),
    )


def item_enquiry_children(*, item: AllocationItem) -> list[Any]:
    """The children the item's enquiry is about."""
    enquiry = getattr(item.case, "enquiry", None)
    return list(enquiry.children.all()) if enquiry else []


@dataclass(frozen=True)
class MeetingRecord:
    """The record of an allocation meeting: what the print page and a PDF show."""

    meeting: AllocationMeeting
    agencies: list[str]
    attendees: list[AllocationMeetingAttendee]
    rows: list[AgendaRow]
    decided: int
    counts: dict[str, int] = field(default_factory=dict)
    within_target: int = 0


def meeting_record(*, user: Any, meeting: AllocationMeeting) -> MeetingRecord:
    """Everything the meeting's record shows, in a fixed number of queries."""
    meeting = (
        AllocationMeeting.objects.filter(pk=meeting.pk)
        .select_related("zone", "family_hub", "chair")
        .prefetch_related(
            "agencies",
            Prefetch(
                "attendees", queryset=AllocationMeetingAttendee.objects.select_related("agency")
            ),
        )
        .get()
    )
    rows = agenda(user=user, meeting=meeting)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.item.decision] = counts.get(row.item.decision, 0) + 1
    allocated = [r for r in rows if r.item.decision == Decision.ALLOCATE]
    return MeetingRecord(
        meeting=meeting,
        agencies=sorted(a.name for a in meeting.agencies.all()),
        attendees=list(meeting.attendees.all()),
        rows=rows,
        decided=sum(1 for r in rows if r.item.is_decided),
        counts=counts,
        within_target=sum(1 for r in allocated if not r.over_target),
    )

"""Where an allocation meeting's agenda comes from: agenda sources, which other work extends.

Each source picks, from the cases waiting for allocation in the meeting's zone or family
hub, the ones it brings to the meeting; a case is put on the agenda by the first source
(in `order`) that picks it. cases/ registers new enquiries accepted at screening and
step-downs from children's social care; later work (families identified in data, for
one) registers its own source the same way, from its AppConfig.ready():

    from cases.agenda import AgendaSource, register
    register(AgendaSource("identified_in_data", "Identified in data", order=20,
                          select=lambda meeting, waiting: waiting.filter(...)))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from cases.models import Case
from cases.workflow_states import State

if TYPE_CHECKING:
    from cases.models import AllocationMeeting

Selector = Callable[["AllocationMeeting", QuerySet[Case]], QuerySet[Case]]


@dataclass(frozen=True)
class AgendaSource:
    key: str  # stored on the agenda item
    label: str  # shown on the agenda
    order: int
    select: Selector


_SOURCES: dict[str, AgendaSource] = {}


def register(source: AgendaSource) -> None:
    _SOURCES[source.key] = source


def agenda_sources() -> list[AgendaSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


def source_label(key: str) -> str:
    source = _SOURCES.get(key)
    return source.label if source else key.replace("_", " ").capitalize()


def waiting_cases(meeting: AllocationMeeting) -> QuerySet[Case]:
    """Cases waiting for allocation in the meeting's family hub, or anywhere in its zone."""
    waiting = Case.objects.filter(state=State.AWAITING_ALLOCATION)
    if meeting.family_hub_id:
        return waiting.filter(family_hub_id=meeting.family_hub_id)
    return waiting.filter(zone=meeting.zone)


register(
    AgendaSource(
        "step_down",
        "Step-down from social care",
        order=10,
        select=lambda meeting, waiting: waiting.filter(step_down__isnull=False),
    )
)
register(
    AgendaSource(
        "new_enquiry",
        "New enquiry",
        order=90,
        select=lambda meeting, waiting: waiting,
    )
)

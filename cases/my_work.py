# mypy: disallow-untyped-defs
"""My work: what is due or overdue across a person's cases, in one list.

Each source returns the work items of one kind for one person, in a fixed number of
queries. cases/ registers what it knows from the case itself (an assessment not
started or overdue, cases waiting for allocation against the 10-working-day target,
closures waiting for sign-off); assessments and family plans register theirs (Star
readings due, plan reviews due, actions overdue) from their AppConfig.ready():

    from cases import my_work
    my_work.register(my_work.WorkSource("plan_review", "Plan reviews", items=...))

Due dates are working days after the step that started the clock (cases.working_days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.access import reach_of, visible_cases
from cases.models import Case, WorkingDayTargets
from cases.timeliness import TARGET_WORKING_DAYS
from cases.workflow import TransitionName, first_available, sources_of
from cases.workflow.table import CLOSURE_DECISION_PAGE
from cases.working_days import add_working_days, working_days_between
from partners.models import User


def target(name: str, default: int, entered_targets: WorkingDayTargets | None = None) -> int:
    """A working-day target: the administrator's (WorkingDayTargets, read unless given),
    else the setting (CASE_WORK_TARGETS), else the default."""
    entered = getattr(entered_targets or WorkingDayTargets.current(), name, None)
    if entered:
        return int(entered)
    return int(getattr(settings, "CASE_WORK_TARGETS", {}).get(name, default))


@dataclass(frozen=True)
class WorkItem:
    case: Case
    kind: str  # the source's key
    what: str  # "Start the assessment"
    due_on: dt.date
    url: str

    def working_days_left(self, today: dt.date) -> int:
        """Working days until due (negative once overdue)."""
        if self.due_on >= today:
            return working_days_between(today, self.due_on)
        return -working_days_between(self.due_on, today)

    def overdue(self, today: dt.date) -> bool:
        return self.due_on < today


@dataclass(frozen=True)
class WorkSource:
    key: str
    label: str
    items: Callable[[User], Iterable[WorkItem]]


_SOURCES: dict[str, WorkSource] = {}


def register(source: WorkSource) -> None:
    _SOURCES[source.key] = source


def sources() -> list[WorkSource]:
    return list(_SOURCES.values())


def work_for(user: User, *, kinds: Iterable[str] | None = None) -> list[WorkItem]:
    """Everything due for the user, soonest (most overdue) first."""
    wanted = set(kinds) if kinds else None
    found: list[WorkItem] = []
    for source in _SOURCES.values():
        if wanted is None or source.key in wanted:
            found.extend(source.items(user))
    return sorted(found, key=lambda item: (item.due_on, item.case.pk, item.kind))


# --------------------------------------------------------------------------- cases' own

_RELATED = ("family", "enquiry", "lead_practitioner")


def _led(user: User) -> QuerySet[Case]:
    return visible_cases(user).filter(lead_practitioner_id=user.pk).select_related(*_RELATED)


def _summary(case: Case) -> str:
    return reverse("case-summary", kwargs={"case_id": case.pk})


# The steps each queue offers, read from the workflow (cases/workflow): a case is listed
# when one of its steps is available to the person (`first_available`).
ASSESSMENT_STEPS = {
    TransitionName.START_ASSESSMENT: "Start the assessment",
    TransitionName.START_PLAN: "Complete the assessment",
}
CLOSURE_STEPS = (TransitionName.RETURN_FROM_CLOSING, TransitionName.CLOSE)


def _assessment_items(user: User) -> Iterable[WorkItem]:
    entered = WorkingDayTargets.current()
    days = {
        TransitionName.START_ASSESSMENT: target("assessment_start", 5, entered),
        TransitionName.START_PLAN: target("assessment_complete", 30, entered),
    }
    for case in _led(user).filter(state__in=sources_of(*ASSESSMENT_STEPS)):
        step = first_available(user, case, ASSESSMENT_STEPS)
        if step is None:
            continue
        since = timezone.localdate(case.state_changed_at)
        yield WorkItem(
            case,
            "assessment",
            ASSESSMENT_STEPS[step.name],
            add_working_days(since, days[step.name]),
            _summary(case),
        )


def _allocation_items(user: User) -> Iterable[WorkItem]:
    reach = reach_of(user)
    if not (reach.coordinator_zone_ids or reach.coordinator_hub_ids):
        return
    place = Q(zone_id__in=reach.coordinator_zone_ids) | Q(
        family_hub_id__in=reach.coordinator_hub_ids
    )
    waiting = (
        visible_cases(user)
        .filter(place, state__in=sources_of(TransitionName.ALLOCATE))
        .select_related(*_RELATED)
    )
    limit = target("allocation", TARGET_WORKING_DAYS)
    url = reverse("allocation-meetings")
    for case in waiting:
        if first_available(user, case, [TransitionName.ALLOCATE]) is None:
            continue
        received = timezone.localdate(case.enquiry.received_at)
        yield WorkItem(
            case, "allocation", "Allocate at a meeting", add_working_days(received, limit), url
        )


def _closure_items(user: User) -> Iterable[WorkItem]:
    reach = reach_of(user)
    if not (reach.manager_agency_ids or reach.manager_zone_ids or reach.manager_hub_ids):
        return
    mine = (
        Q(lead_agency_id__in=reach.manager_agency_ids)
        | Q(zone_id__in=reach.manager_zone_ids)
        | Q(family_hub_id__in=reach.manager_hub_ids)
    )
    closing = (
        visible_cases(user)
        .filter(mine, state__in=sources_of(*CLOSURE_STEPS))
        .select_related(*_RELATED)
    )
    days = target("closure_sign_off", 5)
    for case in closing:
        if first_available(user, case, CLOSURE_STEPS) is None:
            continue
        since = timezone.localdate(case.state_changed_at)
        yield WorkItem(
            case,
            "closure",
            "Sign off or return the closure",
            add_working_days(since, days),
            reverse(CLOSURE_DECISION_PAGE.url_name, kwargs={"case_id": case.pk}),
        )


register(WorkSource("assessment", "Assessments to start or complete", _assessment_items))
register(WorkSource("allocation", "Cases waiting for allocation", _allocation_items))
register(WorkSource("closure", "Closures waiting for sign-off", _closure_items))

# mypy: disallow-untyped-defs
"""How long each step of a case took, in working days, from its stored transition dates.

The scorecard's timeliness measures (P1a to P1e) are averages and shares of these:

- received -> allocated (P1a; P1e: allocated within 10 working days of the enquiry);
- allocated -> assessment started (P1b);
- assessment started -> assessment completed (P1c: the case moved to plan and review);
- assessment completed -> first TAF meeting (P1d): family plans hold the meetings, so
  they register where the first meeting's date comes from:

    from cases.timeliness import register_first_taf
    register_first_taf(lambda case_ids: {case_id: date_of_first_taf, ...})

Every working-day figure uses cases.working_days (weekends and the configured region's
bank holidays excluded). Callers scope the cases they pass (this reads no user).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from cases.models import Case, CaseTransition
from cases.workflow_states import State
from cases.working_days import working_days_between

TARGET_WORKING_DAYS = 10  # enquiry to an offer of help (allocation)

FirstTafSource = Callable[[list[int]], dict[int, dt.date]]
_FIRST_TAF: list[FirstTafSource] = []


def register_first_taf(source: FirstTafSource) -> None:
    """Tell the timeliness measures where the date of a case's first TAF meeting is."""
    _FIRST_TAF.append(source)


def _first_taf_dates(case_ids: list[int]) -> dict[int, dt.date]:
    found: dict[int, dt.date] = {}
    for source in _FIRST_TAF:
        for case_id, day in source(case_ids).items():
            if case_id not in found or day < found[case_id]:
                found[case_id] = day
    return found


@dataclass(frozen=True)
class CaseTimeliness:
    case_id: int
    received: dt.date
    allocated: dt.date | None
    assessment_started: dt.date | None
    assessment_completed: dt.date | None
    first_taf: dt.date | None

    @staticmethod
    def _between(start: dt.date | None, end: dt.date | None) -> int | None:
        if start is None or end is None:
            return None
        return working_days_between(start, end)

    @property
    def received_to_allocated(self) -> int | None:
        return self._between(self.received, self.allocated)

    @property
    def allocated_to_assessment_started(self) -> int | None:
        return self._between(self.allocated, self.assessment_started)

    @property
    def assessment_started_to_completed(self) -> int | None:
        return self._between(self.assessment_started, self.assessment_completed)

    @property
    def assessment_completed_to_first_taf(self) -> int | None:
        return self._between(self.assessment_completed, self.first_taf)

    @property
    def allocated_within_target(self) -> bool | None:
        days = self.received_to_allocated
        return None if days is None else days <= TARGET_WORKING_DAYS


# The first time a case entered each step.
_MOMENTS: dict[str, dict[str, str]] = {
    "allocated": {"name": "allocate"},
    "assessment_started": {"to_state": State.ASSESSMENT},
    "assessment_completed": {"from_state": State.ASSESSMENT, "to_state": State.PLAN_AND_REVIEW},
}


def case_timeliness(cases: QuerySet[Case] | Iterable[Case]) -> dict[int, CaseTimeliness]:
    """Per case, the dates of its steps and the working days between them.

    Three queries (the cases with their enquiries, their transitions, and each
    registered first-TAF source), whatever the number of cases.
    """
    rows = list(cases.select_related("enquiry") if isinstance(cases, QuerySet) else cases)
    ids = [c.pk for c in rows]
    firsts: dict[int, dict[str, dt.date]] = {}
    for case_id, name, from_state, to_state, at in (
        CaseTransition.objects.filter(case_id__in=ids)
        .order_by("at", "id")
        .values_list("case_id", "name", "from_state", "to_state", "at")
    ):
        seen = firsts.setdefault(case_id, {})
        facts = {"name": name, "from_state": from_state, "to_state": to_state}
        for moment, wanted in _MOMENTS.items():
            if moment not in seen and all(facts[k] == v for k, v in wanted.items()):
                seen[moment] = timezone.localdate(at)
    taf = _first_taf_dates(ids) if ids else {}
    result = {}
    for case in rows:
        enquiry = getattr(case, "enquiry", None)
        received = timezone.localdate(enquiry.received_at) if enquiry else case.opened_on
        seen = firsts.get(case.pk, {})
        result[case.pk] = CaseTimeliness(
            case_id=case.pk,
            received=received,
            allocated=seen.get("allocated"),
            assessment_started=seen.get("assessment_started"),
            assessment_completed=seen.get("assessment_completed"),
            first_taf=taf.get(case.pk),
        )
    return result

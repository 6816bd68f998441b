# mypy: disallow-untyped-defs
"""Our cases: every case a person's agency is involved in — as lead agency, on the Team
Around the Family, or through a current share — among the cases the person may see.

So a school's designated safeguarding lead finds the cases their school is on without
searching by name. The list is `visible_cases(user)` restricted to that involvement:
it never shows a case the person could not open.

"Has an open action" needs family plans, which build on cases: family_plans registers
the condition from its AppConfig.ready() (family_plans/our_cases.py), as it does for
My work and drift. Without it the filter is not offered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases.access import reach_of, visible_cases
from cases.models import Case, CaseShare, CaseTeamMember
from cases.workflow_states import State

# (agency ids, user id) -> a condition on Case: an open action owned by them.
OpenActionCondition = Callable[[frozenset[int], int], Q]
_open_action: list[OpenActionCondition] = []

STATUS_CHOICES = [
    ("open", "Open cases"),
    ("closed", "Closed cases"),
    ("all", "All cases"),
    *[(s.value, s.label) for s in State if s != State.CLOSED],
]
OPEN_ACTION_CHOICES = [
    ("", "Either"),
    ("yes", "With an open action of ours"),
    ("no", "With no open action of ours"),
]
ORDERS = {
    "newest": ["-opened_on", "-id"],
    "oldest": ["opened_on", "id"],
    "family": ["family__name", "id"],
}


def register_open_action(condition: OpenActionCondition) -> None:
    """Family plans tell cases/ what an open action of an agency or person is."""
    _open_action[:] = [condition]


def open_action_filter_available() -> bool:
    return bool(_open_action)


def involvement(agency_ids: frozenset[int]) -> Q:
    """Cases these agencies lead, are on the team of today, or hold a current share of."""
    today = timezone.localdate()
    ids = list(agency_ids)
    return (
        Q(lead_agency_id__in=ids)
        | Q(
            Exists(
                CaseTeamMember.objects.current(on=today).filter(
                    case=OuterRef("pk"), agency_id__in=ids
                )
            )
        )
        | Q(Exists(CaseShare.objects.current().filter(case=OuterRef("pk"), agency_id__in=ids)))
    )


def our_agency_ids(user: Any) -> frozenset[int]:
    """The agencies through which the person sees cases (casework roles and partner
    viewers)."""
    return reach_of(user).partner_agency_ids


def our_cases(
    *, user: Any, status: str = "open", open_action: str = "", order: str = "newest"
) -> QuerySet[Case]:
    """The cases of the person's agencies they may see, filtered and sorted."""
    agencies = our_agency_ids(user)
    if not agencies:
        return Case.objects.none()
    cases = visible_cases(user).filter(involvement(agencies))
    if status == "open":
        cases = cases.exclude(state=State.CLOSED)
    elif status == "closed":
        cases = cases.filter(state=State.CLOSED)
    elif status in State.values:
        cases = cases.filter(state=status)
    if open_action and _open_action:
        condition = _open_action[0](agencies, user.pk)
        cases = cases.filter(condition) if open_action == "yes" else cases.exclude(condition)
    return cases.select_related(
        "family", "lead_agency", "lead_practitioner", "family_hub"
    ).order_by(*ORDERS.get(order, ORDERS["newest"]))


def how_involved(*, case: Case, agency_ids: frozenset[int]) -> str:
    """Lead agency, or on the team / shared: for the list's column (no extra query when
    the case's lead agency is the answer)."""
    return "Lead agency" if case.lead_agency_id in agency_ids else "Team or shared"

"""What the family plans services share: the states they work in, dates, locks, owners."""

# mypy: disallow-untyped-defs

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from earlyhelp.templatetags.govuk import govuk_time
from earlyhelp.versioning import lock_version
from family_plans.models import (
    FamilyPlan,
    OwnerKind,
    PlanAction,
    PlanStatus,
    TafMeeting,
)
from partners.models import User

PLAN_STATES = frozenset({State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING})
MEETING_STATES = frozenset(
    {State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING}
)
INVITATIONS_TASK = "family_plans.tasks.taf_meeting_invitations_send"

MEETING_KIND = "meeting_invitation"
ACTION_KIND = "action_assigned"
PLAN_KIND = "plan_agreed"


# ------------------------------------------------------------------ helpers


def _moment(on: dt.date) -> dt.datetime | None:
    """When a dated event happened, for the chronology (None: now, for today's events)."""
    if on == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12)))


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _time(value: dt.datetime) -> str:
    """A time as GOV.UK writes it: 10am, 3:30pm (never 16:30 beside 3:30pm)."""
    return govuk_time(value)


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%A} {_day(local.date())} at {_time(value)}"


def _state_label(case: Case) -> str:
    return State(case.state).label.lower()


def _check_plan_state(case: Case) -> None:
    if case.state not in PLAN_STATES:
        raise ApplicationError(
            "You can write the family plan once the assessment has started, not while the "
            f"case is '{_state_label(case)}'"
        )


def _check_date(
    errors: dict[str, list[str]],
    name: str,
    label: str,
    on: dt.date | None,
    case: Case,
    *,
    required: bool = True,
    past: bool = True,
) -> None:
    if on is None:
        if required:
            errors[name] = [f"Enter the {label.lower()}"]
        return
    if past and on > timezone.localdate():
        errors[name] = [f"{label} must be today or in the past"]
    elif on < case.opened_on:
        errors[name] = [f"{label} must be on or after {_day(case.opened_on)}, when the case opened"]


def _plan_url(case: Case) -> str:
    return reverse("plan-tab", kwargs={"case_id": case.pk})


def _meeting_url(meeting: TafMeeting) -> str:
    return reverse("taf-meeting", kwargs={"case_id": meeting.case_id, "meeting_id": meeting.pk})


def _lock_plan(plan: FamilyPlan, expected_version: int | None = None) -> FamilyPlan:
    return lock_version(
        FamilyPlan.objects.select_related("case"),
        pk=plan.pk,
        expected=expected_version,
        stale=lambda row: ConcurrentChangeError(
            "Someone changed the plan after you opened this page. Check the plan as it is "
            "now and make your change again.",
            {"current_version": row.version},
        ),
    )


def _touch(plan: FamilyPlan, *, content_changed: bool) -> None:
    """Record a change to a locked plan: its version, and 'changed since agreed'."""
    plan.version += 1
    plan.updated_at = timezone.now()
    if content_changed and plan.status == PlanStatus.AGREED:
        plan.status = PlanStatus.CHANGED
    plan.save(update_fields=["version", "updated_at", "status"])


def _stale(what: str, by: User | None) -> ConcurrentChangeError:
    who = by.full_name if by is not None else "Someone"
    return ConcurrentChangeError(
        f"{who} changed this {what} after you opened this page. Check it as it is now and "
        "make your change again."
    )


# ------------------------------------------------------------------ owners


@dataclass(frozen=True)
class Owner:
    kind: str
    user_id: int | None = None
    agency_id: int | None = None
    person_id: int | None = None


def _owner(key: str, allowed: Mapping[str, str]) -> Owner | None:
    """An owner key the case allows ('worker:12', 'agency:3', 'family:7'), or None."""
    if key not in allowed:
        return None
    kind, _, raw = key.partition(":")
    pk = int(raw)
    if kind == OwnerKind.WORKER:
        return Owner(kind, user_id=pk)
    if kind == OwnerKind.AGENCY:
        return Owner(kind, agency_id=pk)
    return Owner(OwnerKind.FAMILY, person_id=pk)


def _set_owner(action: PlanAction, owner: Owner) -> None:
    action.owner_kind = owner.kind
    action.owner_user_id = owner.user_id
    action.owner_agency_id = owner.agency_id
    action.owner_person_id = owner.person_id

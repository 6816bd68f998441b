# mypy: disallow-untyped-defs
"""What family plans tell "Our cases" (cases/our_cases.py) and the home page: an open
action owned by the person or their agency, and the person's own actions and meetings.

Every read is scoped by cases.access.visible_case_ids (the cases of `visible_cases`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from cases import our_cases
from cases.access import visible_case_ids
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    MeetingInvitee,
    MeetingStatus,
    PlanAction,
    TafMeeting,
)


def _open_action_of(agency_ids: frozenset[int], user_id: int) -> Q:
    owned = Q(owner_agency_id__in=list(agency_ids)) | Q(owner_user_id=user_id)
    return Q(
        Exists(
            PlanAction.objects.filter(
                owned, plan__case=OuterRef("pk"), status__in=list(OPEN_ACTION_STATUSES)
            )
        )
    )


def register() -> None:
    our_cases.register_open_action(_open_action_of)


def actions_owned(*, user: Any) -> QuerySet[PlanAction]:
    """Open actions the person owns by name, soonest due first, in cases they may see."""
    return (
        PlanAction.objects.filter(
            owner_user=user,
            status__in=list(OPEN_ACTION_STATUSES),
            plan__case__in=visible_case_ids(user),
        )
        .select_related("plan__case__family")
        .order_by("due_on", "id")
    )


def meetings_invited_to(*, user: Any) -> QuerySet[TafMeeting]:
    """Scheduled meetings from today that the person is invited to by name."""
    invited = MeetingInvitee.objects.filter(
        meeting=OuterRef("pk"), user=user, removed_at__isnull=True
    )
    return (
        TafMeeting.objects.filter(
            Exists(invited),
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=timezone.make_aware(
                dt.datetime.combine(timezone.localdate(), dt.time.min)
            ),
            case__in=visible_case_ids(user),
        )
        .select_related("case__family")
        .order_by("starts_at", "id")
    )

"""The querysets the API pages through."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from cases.models import Case
from family_plans.models import FamilyPlan, MeetingInvitee, PlanAction, TafMeeting
from family_plans.selectors.plan import _actions_queryset


def plan_actions(*, plan: FamilyPlan) -> QuerySet[PlanAction]:
    """The plan's actions with their outcomes and owners, as a queryset to page through
    (the API lists them; pages use `plan_with_actions`)."""
    return _actions_queryset().select_related("outcome").filter(plan=plan)


def taf_meetings(*, case: Case) -> QuerySet[TafMeeting]:
    """The case's TAF meetings with who was invited, as a queryset to page through: two
    queries whatever the number of meetings."""
    return (
        TafMeeting.objects.filter(case=case)
        .select_related("organiser")
        .prefetch_related(
            Prefetch(
                "invitees",
                queryset=MeetingInvitee.objects.order_by("removed_at", "kind", "id"),
            )
        )
    )

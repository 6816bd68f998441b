"""The plan and meetings of one case as the case PDF shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from cases.models import Case
from family_plans.models import (
    ActionProgress,
    Attendance,
    FamilyNetworkMeeting,
    FamilyPlan,
    MeetingInvitee,
    NetworkMember,
    PlanAction,
    PlanOutcome,
    PlanReview,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors.plan import _version_list, plan_with_actions


@dataclass(frozen=True)
class PlanForPdf:
    """The family plan as the case audit PDF prints it: the living plan (outcomes in the
    family's words, each with its actions), every version agreed with the family (the
    latest as `agreed`) and every review with the progress on each action."""

    plan: FamilyPlan
    outcomes: list[PlanOutcome]  # each with `action_list`
    actions: list[PlanAction]
    versions: list[PlanVersion]  # oldest first, without their snapshots
    agreed: PlanVersion | None  # the version in force (None: never agreed)
    reviews: list[PlanReview]  # oldest first, each with `progress_list`


@dataclass(frozen=True)
class MeetingForPdf:
    """One TAF meeting as the case PDF prints it, with what was decided about the plan."""

    meeting: TafMeeting
    invitees: list[MeetingInvitee]  # still invited when it was held (or cancelled)
    review: PlanReview | None  # the review recorded at the meeting
    plan_changes: list[PlanVersion]  # versions of the plan agreed at the meeting

    @property
    def attended(self) -> int:
        return sum(1 for i in self.invitees if i.attendance == Attendance.ATTENDED)


@dataclass(frozen=True)
class PlanAndMeetingsForPdf:
    plan: PlanForPdf | None
    meetings: list[MeetingForPdf]  # oldest first
    network_meetings: list[FamilyNetworkMeeting]  # oldest first, each with `network`


def case_pdf_context(*, case: Case) -> PlanAndMeetingsForPdf:
    """The plan and the meetings of a case for its audit PDF, in at most eleven queries
    whatever the number of outcomes, actions, versions, reviews or meetings.

    The PDF is an audit record, so everything is kept in the order it happened (oldest
    first) and nothing is left out: dropped actions with their reasons, every version
    agreed, cancelled meetings with why. The caller has already checked the exporter
    may see the case; nothing here is restricted further than the case itself.
    """
    plan = plan_with_actions(case)
    versions: list[PlanVersion] = []
    reviews: list[PlanReview] = []
    if plan is not None:
        versions = list(_version_list(plan).order_by("number"))
        reviews = list(
            PlanReview.objects.filter(plan=plan)
            .select_related("recorded_by", "meeting")
            .prefetch_related(
                Prefetch(
                    "progress",
                    queryset=ActionProgress.objects.select_related("action").order_by(
                        "action__number", "id"
                    ),
                    to_attr="progress_list",
                )
            )
            .order_by("reviewed_on", "id")
        )
    meetings = list(
        TafMeeting.objects.filter(case=case)
        .select_related("organiser", "recorded_by")
        .prefetch_related(
            Prefetch(
                "invitees",
                queryset=MeetingInvitee.objects.filter(removed_at__isnull=True).order_by(
                    "kind", "id"
                ),
                to_attr="current_invitees",
            )
        )
        .order_by("starts_at", "id")
    )
    review_at = {r.meeting_id: r for r in reviews if r.meeting_id}
    changes_at: dict[int, list[PlanVersion]] = {}
    for version in versions:
        if version.meeting_id:
            changes_at.setdefault(version.meeting_id, []).append(version)
    network = list(
        FamilyNetworkMeeting.objects.filter(case=case)
        .prefetch_related(Prefetch("network", queryset=NetworkMember.objects.order_by("id")))
        .order_by("offered_on", "id")
    )
    plan_record = None
    if plan is not None:
        agreed = next((v for v in versions if v.number == plan.agreed_version), None)
        plan_record = PlanForPdf(
            plan=plan,
            outcomes=plan.outcome_list,  # type: ignore[attr-defined]
            actions=plan.action_list,  # type: ignore[attr-defined]
            versions=versions,
            agreed=agreed,
            reviews=reviews,
        )
    return PlanAndMeetingsForPdf(
        plan=plan_record,
        meetings=[
            MeetingForPdf(
                meeting=m,
                invitees=m.current_invitees,  # type: ignore[attr-defined]
                review=review_at.get(m.pk),
                plan_changes=changes_at.get(m.pk, []),
            )
            for m in meetings
        ],
        network_meetings=network,
    )

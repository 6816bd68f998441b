"""Reads about family plans, reviews, TAF meetings and family network meetings.

Page selectors take a case the caller fetched through cases.access.access_case (so it
is visible to the user) and read only that case's rows, in a fixed number of queries
whatever the number of outcomes, actions, reviews or meetings.

Other apps build on the last section: reporting (the first TAF meeting per case for
scorecard P1d, the share of plans with the child's wishes and feelings for Q4, reviews
without progress for drift), case PDFs and the API (`plan_with_actions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from assessments.models import AssessmentSection, HeadlineProblem
from assessments.selectors import (
    AssessedNeed,
    assessed_needs,
    headline_problems,
    latest_assessment,
    latest_signed_off_assessment,
)
from cases.access import reach_of
from cases.models import Case, FamilyFeedback, FeedbackKind, Person
from cases.refusals import refused_outside_case
from cases.selectors import case_team, household
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    ActionProgress,
    ActionStatus,
    Attendance,
    FamilyNetworkMeeting,
    FamilyPlan,
    InviteeKind,
    MeetingInvitee,
    MeetingStatus,
    NetworkMember,
    OutcomeStatus,
    OwnerKind,
    PlanAction,
    PlanOutcome,
    PlanReview,
    PlanSettings,
    PlanVersion,
    TafMeeting,
)
from partners.models import User


def _pk(value: Any) -> int:
    """A primary key from the address, or 0 (which matches nothing)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def plan_settings() -> PlanSettings:
    return PlanSettings.current()


def default_next_review(after: dt.date) -> dt.date:
    """The next review date the administrator's interval gives, counted from `after`."""
    return after + dt.timedelta(weeks=plan_settings().review_interval_weeks)


# ------------------------------------------------------------------ the plan


def _actions_queryset() -> QuerySet[PlanAction]:
    return PlanAction.objects.select_related(
        "owner_user", "owner_agency", "owner_person", "service"
    ).order_by("number")


def plan_for_case(case: Case) -> FamilyPlan | None:
    """The case's plan (None before one is started), without its rows."""
    return FamilyPlan.objects.filter(case=case).first()


def plan_with_actions(case: Case) -> FamilyPlan | None:
    """The case's plan with `outcome_list` (each with `action_list` and its headline
    problems) and `action_list` (every action, numbered): four queries."""
    plan = plan_for_case(case)
    if plan is None:
        return None
    outcomes = list(
        PlanOutcome.objects.filter(plan=plan)
        .prefetch_related(
            Prefetch("headline_problems", queryset=HeadlineProblem.objects.order_by("number"))
        )
        .order_by("number")
    )
    actions = list(_actions_queryset().filter(plan=plan))
    by_outcome: dict[int, list[PlanAction]] = {}
    for action in actions:
        by_outcome.setdefault(action.outcome_id, []).append(action)
    for outcome in outcomes:
        outcome.action_list = by_outcome.get(outcome.pk, [])  # type: ignore[attr-defined]
    plan.outcome_list = outcomes  # type: ignore[attr-defined]
    plan.action_list = actions  # type: ignore[attr-defined]
    return plan


@dataclass(frozen=True)
class ChildVoice:
    person_id: int | None
    name: str
    words: str


@dataclass(frozen=True)
class ChildVoices:
    voices: list[ChildVoice]
    assessment_number: int | None
    signed_off: bool


def child_voices(case: Case) -> ChildVoices:
    """Each child's wishes and feelings in their own words, from the latest assessment
    (the latest signed-off one, or the draft when none is signed off yet)."""
    assessment = latest_signed_off_assessment(case) or latest_assessment(case=case)
    if assessment is None:
        return ChildVoices([], None, False)
    rows = (
        AssessmentSection.objects.filter(assessment=assessment, kind="child")
        .select_related("person")
        .order_by("person__date_of_birth", "id")
    )
    voices = [
        ChildVoice(
            person_id=row.person_id,
            name=row.person.full_name if row.person else "A child",
            words=str(row.data.get("voice", "")).strip(),
        )
        for row in rows
        if str(row.data.get("voice", "")).strip()
    ]
    return ChildVoices(voices, assessment.number, assessment.is_signed_off)


def need_choices(case: Case) -> list[AssessedNeed]:
    """The assessed needs an outcome may answer (latest signed-off assessment)."""
    return assessed_needs(case)


@dataclass(frozen=True)
class ProblemChoice:
    id: int
    number: int
    name: str


def problem_choices(case: Case) -> list[ProblemChoice]:
    """The family's headline problems an outcome may answer."""
    return [ProblemChoice(p.headline_id, p.number, p.name) for p in headline_problems(case)]


def owner_choices(case: Case, *, past_team: bool = False) -> list[tuple[str, str]]:
    """Who may own an action: workers on the case, agencies on its Team Around the Family,
    and family members. Values are 'worker:<id>', 'agency:<id>', 'family:<id>'.
    `past_team` includes those who have left the team (for a plan recorded afterwards)."""
    choices: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(key: str, label: str) -> None:
        if key not in seen:
            seen.add(key)
            choices.append((key, label))

    if case.lead_practitioner is not None:
        lead = case.lead_practitioner
        agency = f", {case.lead_agency.name}" if case.lead_agency else ""
        add(f"{OwnerKind.WORKER}:{lead.pk}", f"{lead.full_name}{agency} (lead practitioner)")
    team = list(case_team(case=case, current_only=not past_team))
    for member in team:
        if member.user is not None:
            add(
                f"{OwnerKind.WORKER}:{member.user_id}",
                f"{member.user.full_name}, {member.agency.name}",
            )
    if case.lead_agency is not None:
        add(f"{OwnerKind.AGENCY}:{case.lead_agency_id}", f"{case.lead_agency.name} (agency)")
    for member in team:
        add(f"{OwnerKind.AGENCY}:{member.agency_id}", f"{member.agency.name} (agency)")
    for hm in household(family=case.family):
        add(f"{OwnerKind.FAMILY}:{hm.person_id}", f"{hm.person.full_name} (family)")
    return choices


@dataclass
class PlanPage:
    plan: FamilyPlan | None
    outcomes: list[PlanOutcome]
    needs: dict[str, AssessedNeed]
    voices: ChildVoices
    versions: list[PlanVersion]
    reviews: list[PlanReview]
    overdue: int
    today: dt.date
    has_signed_off_assessment: bool
    problems: list[ProblemChoice] = field(default_factory=list)


def _version_list(plan: FamilyPlan) -> QuerySet[PlanVersion]:
    """A plan's versions as lists show them: who agreed each and at which meeting,
    without the snapshot of the whole plan that each carries."""
    return (
        PlanVersion.objects.filter(plan=plan)
        .select_related("agreed_by", "meeting")
        .defer("snapshot")
    )


def plan_page(*, case: Case) -> PlanPage:
    """Everything the Plan tab shows, in a fixed number of queries."""
    today = timezone.localdate()
    plan = plan_with_actions(case)
    needs = {need.key: need for need in assessed_needs(case)}
    voices = child_voices(case)
    signed_off = latest_signed_off_assessment(case) is not None
    if plan is None:
        return PlanPage(None, [], needs, voices, [], [], 0, today, signed_off)
    versions = list(_version_list(plan).order_by("-number"))
    reviews = list(
        PlanReview.objects.filter(plan=plan)
        .select_related("recorded_by", "meeting")
        .order_by("-reviewed_on", "-id")[:10]
    )
    actions: list[PlanAction] = plan.action_list  # type: ignore[attr-defined]
    overdue = sum(1 for a in actions if a.is_overdue_on(today))
    return PlanPage(
        plan=plan,
        outcomes=plan.outcome_list,  # type: ignore[attr-defined]
        needs=needs,
        voices=voices,
        versions=versions,
        reviews=reviews,
        overdue=overdue,
        today=today,
        has_signed_off_assessment=signed_off,
    )


def owns_action(user: Any, action: PlanAction) -> bool:
    """The action is the user's own, or their agency's (through a casework role)."""
    if action.owner_kind == OwnerKind.WORKER:
        return action.owner_user_id == getattr(user, "pk", None)
    if action.owner_kind == OwnerKind.AGENCY:
        return action.owner_agency_id in reach_of(user).casework_agency_ids
    return False


def outcome_for(*, plan: FamilyPlan, outcome_id: Any) -> PlanOutcome:
    found = (
        PlanOutcome.objects.filter(plan=plan, pk=_pk(outcome_id))
        .prefetch_related("headline_problems")
        .first()
    )
    if found is None:
        raise refused_outside_case(case=plan.case, model=PlanOutcome, pk=outcome_id, what="outcome")
    return found


def action_for(*, plan: FamilyPlan, action_id: Any) -> PlanAction:
    found = (
        _actions_queryset().select_related("outcome").filter(plan=plan, pk=_pk(action_id)).first()
    )
    if found is None:
        raise refused_outside_case(case=plan.case, model=PlanAction, pk=action_id, what="action")
    return found


def open_actions(*, plan: FamilyPlan) -> list[PlanAction]:
    """Actions not yet done or dropped, numbered, with their outcomes and owners."""
    return list(
        _actions_queryset()
        .select_related("outcome")
        .filter(plan=plan, status__in=OPEN_ACTION_STATUSES)
    )


def active_outcomes(*, plan: FamilyPlan) -> list[PlanOutcome]:
    return list(
        PlanOutcome.objects.filter(plan=plan, status=OutcomeStatus.ACTIVE).order_by("number")
    )


def plan_version_for(*, plan: FamilyPlan, number: Any) -> PlanVersion:
    found = (
        PlanVersion.objects.filter(plan=plan, number=_pk(number))
        .select_related("agreed_by", "meeting")
        .first()
    )
    if found is None:
        raise Http404("No such version")
    return found


def review_for(*, plan: FamilyPlan, review_id: Any) -> PlanReview:
    found = (
        PlanReview.objects.filter(plan=plan, pk=_pk(review_id))
        .select_related("recorded_by", "meeting")
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ActionProgress.objects.select_related("action").order_by("action__number"),
            )
        )
        .first()
    )
    if found is None:
        raise refused_outside_case(case=plan.case, model=PlanReview, pk=review_id, what="review")
    return found


def review_feedback(*, case: Case, review: PlanReview) -> FamilyFeedback | None:
    """The family's feedback given at the review, if they were asked (cases/ keeps it,
    naming the review it was given at)."""
    return (
        FamilyFeedback.objects.filter(
            case=case,
            kind=FeedbackKind.REVIEW,
            reference=f"family_plans.PlanReview:{review.pk}",
        )
        .select_related("lead_practitioner")
        .order_by("-id")
        .first()
    )


# ------------------------------------------------------------------ meetings


@dataclass
class MeetingsPage:
    upcoming: Sequence[TafMeeting]
    past: Sequence[TafMeeting]
    network: Sequence[FamilyNetworkMeeting]


def meetings_page(*, case: Case) -> MeetingsPage:
    """The case's TAF meetings (upcoming first, then past and cancelled, newest first) and
    family network meetings, with who was invited: four queries."""
    now = timezone.now()
    meetings = list(
        TafMeeting.objects.filter(case=case)
        .select_related("organiser")
        .annotate(
            invited=Count("invitees", filter=Q(invitees__removed_at__isnull=True)),
            attended=Count("invitees", filter=Q(invitees__attendance="attended")),
        )
        .order_by("starts_at", "id")
    )
    upcoming = [m for m in meetings if m.is_scheduled and m.ends_at >= now]
    past = [m for m in reversed(meetings) if m not in upcoming]
    network = list(
        FamilyNetworkMeeting.objects.filter(case=case)
        .prefetch_related(Prefetch("network", queryset=NetworkMember.objects.order_by("id")))
        .order_by("-offered_on", "-id")
    )
    return MeetingsPage(upcoming, past, network)


def taf_meeting_for(*, case: Case, meeting_id: Any) -> TafMeeting:
    """One TAF meeting of the case with its invitees (404 for any other)."""
    found = (
        TafMeeting.objects.filter(case=case, pk=_pk(meeting_id))
        .select_related("organiser", "recorded_by")
        .prefetch_related(
            Prefetch(
                "invitees",
                queryset=MeetingInvitee.objects.select_related("user", "agency", "person").order_by(
                    "removed_at", "kind", "id"
                ),
            )
        )
        .first()
    )
    if found is None:
        raise refused_outside_case(case=case, model=TafMeeting, pk=meeting_id, what="meeting")
    return found


def meeting_outcomes(*, meeting: TafMeeting) -> tuple[PlanReview | None, list[PlanVersion]]:
    """The review recorded at the meeting and the plan versions it agreed."""
    review = (
        PlanReview.objects.filter(meeting=meeting)
        .prefetch_related(
            Prefetch(
                "progress",
                queryset=ActionProgress.objects.select_related("action").order_by("action__number"),
            )
        )
        .first()
    )
    versions = list(
        PlanVersion.objects.filter(meeting=meeting).defer("snapshot").order_by("number")
    )
    return review, versions


def network_meeting_for(*, case: Case, meeting_id: Any) -> FamilyNetworkMeeting:
    found = (
        FamilyNetworkMeeting.objects.filter(case=case, pk=_pk(meeting_id))
        .select_related("created_by")
        .prefetch_related(Prefetch("network", queryset=NetworkMember.objects.order_by("id")))
        .first()
    )
    if found is None:
        raise refused_outside_case(
            case=case, model=FamilyNetworkMeeting, pk=meeting_id, what="meeting"
        )
    return found


@dataclass(frozen=True)
class InviteeChoice:
    key: str  # 'worker:<id>', 'agency:<id>', 'family:<id>'
    label: str
    name: str
    organisation: str  # their agency, or their relationship to the family
    email: str
    default: bool  # ticked when the form opens


def invitee_choices(case: Case) -> tuple[list[InviteeChoice], list[InviteeChoice]]:
    """(workers and agencies of the Team Around the Family, family members) to invite.

    Named people are invited by their own address; an agency with no named person on
    the team is invited through its shared inbox.
    """
    workers: list[InviteeChoice] = []
    seen: set[str] = set()
    if case.lead_practitioner is not None:
        lead = case.lead_practitioner
        agency = case.lead_agency.name if case.lead_agency else ""
        seen.add(f"worker:{lead.pk}")
        workers.append(
            InviteeChoice(
                f"worker:{lead.pk}",
                f"{lead.full_name}, {agency} (lead practitioner)" if agency else lead.full_name,
                lead.full_name,
                agency,
                lead.email,
                True,
            )
        )
    team = list(case_team(case=case, current_only=True))
    named_agencies = {m.agency_id for m in team if m.user_id}
    for member in team:
        if member.user is not None:
            key = f"worker:{member.user_id}"
            if key not in seen:
                seen.add(key)
                role = f" ({member.role_on_case})" if member.role_on_case else ""
                workers.append(
                    InviteeChoice(
                        key,
                        f"{member.user.full_name}, {member.agency.name}{role}",
                        member.user.full_name,
                        member.agency.name,
                        member.user.email,
                        True,
                    )
                )
        elif member.agency_id not in named_agencies:
            key = f"agency:{member.agency_id}"
            if key not in seen:
                seen.add(key)
                inbox = f" ({member.agency.email})" if member.agency.email else ""
                workers.append(
                    InviteeChoice(
                        key,
                        f"{member.agency.name}{inbox}",
                        member.agency.name,
                        member.agency.name,
                        member.agency.email,
                        True,
                    )
                )
    today = timezone.localdate()
    family = [
        InviteeChoice(
            f"family:{hm.person_id}",
            f"{hm.person.full_name} ({hm.get_relationship_display().lower()})",
            hm.person.full_name,
            hm.get_relationship_display(),
            "",
            not hm.person.is_child_on(today),
        )
        for hm in household(family=case.family)
    ]
    return workers, family


def invitee_key(invitee: MeetingInvitee) -> str:
    """How the meeting form names an invitee: 'worker:<id>', 'agency:<id>', 'family:<id>'."""
    if invitee.kind == InviteeKind.WORKER:
        return f"worker:{invitee.user_id}"
    if invitee.kind == InviteeKind.AGENCY:
        return f"agency:{invitee.agency_id}"
    if invitee.kind == InviteeKind.FAMILY:
        return f"family:{invitee.person_id}"
    return f"other:{invitee.name.lower()}:{invitee.email}"


def people_by_id(*, ids: Iterable[int]) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.filter(pk__in=set(ids))}


def users_by_id(*, ids: Iterable[int]) -> dict[int, User]:
    return {u.pk: u for u in User.objects.filter(pk__in=set(ids))}


# ------------------------------------------------------------------ for other apps


def first_taf_meeting_subquery() -> Subquery:
    """Annotate a Case queryset with the date of its first TAF meeting held:
    `cases.annotate(first_taf_meeting_on=first_taf_meeting_subquery())` (scorecard P1d)."""
    return Subquery(
        TafMeeting.objects.filter(case=OuterRef("pk"), status=MeetingStatus.HELD)
        .order_by("starts_at")
        .annotate(on=TruncDate("starts_at"))
        .values("on")[:1]
    )


def first_taf_meeting_dates(*, case_ids: Iterable[int] | None = None) -> dict[int, dt.date]:
    """Case id -> the date of its first TAF meeting held (local date)."""
    meetings = TafMeeting.objects.filter(status=MeetingStatus.HELD)
    if case_ids is not None:
        meetings = meetings.filter(case_id__in=list(case_ids))
    rows = meetings.values("case_id").annotate(first=Min("starts_at"))
    return {row["case_id"]: timezone.localdate(row["first"]) for row in rows}


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int


def child_voice_share(*, case_ids: Iterable[int] | None = None) -> Share:
    """Agreed plans whose latest agreed version carries the children's wishes and feelings
    in their own words, out of all agreed plans (scorecard Q4)."""
    plans = FamilyPlan.objects.filter(agreed_version__gt=0)
    if case_ids is not None:
        plans = plans.filter(case_id__in=list(case_ids))
    latest_with_voice = PlanVersion.objects.filter(
        plan=OuterRef("pk"), number=OuterRef("agreed_version"), child_voice_recorded=True
    )
    counts = plans.aggregate(
        denominator=Count("pk"),
        numerator=Count("pk", filter=Q(Exists(latest_with_voice))),
    )
    return Share(numerator=counts["numerator"] or 0, denominator=counts["denominator"] or 0)


def review_showed_progress() -> Q:
    """A condition on PlanReview rows: the review showed progress.

    A review shows progress when the person recording it said the family had moved
    forward (`progress_made`), or when at least one action moved forward at it: from not
    started to in progress, or to done. Both are recorded at the review itself, so
    neither has to be inferred from later edits. Dropping an action is not progress, nor
    is a note on an action that stayed where it was: a plan whose actions are all being
    dropped or left where they were, review after review, is the drift a manager should
    see. Asking for both signals to be absent keeps a review where work visibly moved
    off the drift list even if the box was left at "no".
    """
    moved_forward = ActionProgress.objects.filter(review=OuterRef("pk")).filter(
        (Q(status=ActionStatus.DONE) & ~Q(previous_status=ActionStatus.DONE))
        | Q(status=ActionStatus.IN_PROGRESS, previous_status=ActionStatus.NOT_STARTED)
    )
    return Q(progress_made=True) | Q(Exists(moved_forward))


@dataclass(frozen=True)
class Drift:
    reviews: int
    without_progress: int
    in_a_row: int  # reviews without progress since the last review that showed progress


def reviews_without_progress(*, case_ids: Iterable[int] | None = None) -> dict[int, Drift]:
    """Case id -> its reviews, those without progress (`review_showed_progress`), and the
    latest run of them (drift)."""
    reviews = PlanReview.objects.all()
    if case_ids is not None:
        reviews = reviews.filter(plan__case_id__in=list(case_ids))
    rows = reviews.annotate(
        case_id=F("plan__case_id"),
        showed_progress=ExpressionWrapper(review_showed_progress(), output_field=BooleanField()),
    ).values_list("case_id", "showed_progress", "reviewed_on", "id")
    by_case: dict[int, list[tuple[dt.date, int, bool]]] = {}
    for case_id, showed_progress, reviewed_on, review_id in rows:
        by_case.setdefault(case_id, []).append((reviewed_on, review_id, showed_progress))
    found: dict[int, Drift] = {}
    for case_id, entries in by_case.items():
        entries.sort()
        in_a_row = 0
        for _, _, made in reversed(entries):
            if made:
                break
            in_a_row += 1
        found[case_id] = Drift(
            reviews=len(entries),
            without_progress=sum(1 for _, _, made in entries if not made),
            in_a_row=in_a_row,
        )
    return found


def overdue_actions(*, case: Case, today: dt.date | None = None) -> list[PlanAction]:
    today = today or timezone.localdate()
    return list(
        _actions_queryset().filter(
            plan__case=case, status__in=OPEN_ACTION_STATUSES, due_on__lt=today
        )
    )


# ------------------------------------------------------------------ the case PDF


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


# ------------------------------------------------------------------ the API


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

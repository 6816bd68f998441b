"""Daily reminders: the nudges that keep a family's plan moving.

Beat runs `reminders_send()` once a day (family_plans.tasks.send_reminders). It finds
what is due and sends each person concerned one notification (in the service, and by
email if they want that kind):

- assessment overdue: not signed off N working days after allocation;
- plan review due (within the notice period) or overdue: the plan's next review date;
- TAF meeting coming up: to everyone invited who works on the case;
- action overdue: to its owner (the worker, or the agency's people on the team) and
  the lead practitioner;
- Outcome Star reading due: the first N days after allocation, then every M days;
- consent due for review (ConsentRecord.review_on, within the notice period);
- no recorded contact (case note) for N days.

The timings are PlanSettings, which the administrator edits. Each reminder is sent
exactly once per (kind, object, due date, recipient): the ReminderSent row that says
so is inserted in the transaction that creates the notification, under a unique
constraint, so a second beat run, a retried task or two workers at once send nothing
more. When a due date moves (a new review date, a later contact), a new reminder falls
due for the new date.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AssessmentState, StarReading
from cases.audit import audit_record
from cases.models import Case, CaseNote, CaseTeamMember, CaseTransition, ConsentRecord
from cases.models.audit import AuditAction
from cases.workflow_states import State
from cases.working_days import add_working_days
from earlyhelp.templatetags.govuk import govuk_time
from family_plans.models import (
    OPEN_ACTION_STATUSES,
    MeetingInvitee,
    MeetingStatus,
    OwnerKind,
    PlanAction,
    PlanSettings,
    ReminderKind,
    ReminderSent,
    TafMeeting,
)
from family_plans.selectors.reviews_due import plans_due_for_review, review_overdue
from partners.models import User
from partners.notifications import notify

logger = logging.getLogger(__name__)

WORKING_STATES = (State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW)
PLAN_STATES = (State.PLAN_AND_REVIEW, State.CLOSING)
UNIQUE_NAME = "reminder_once_per_due_date"


@dataclass(frozen=True)
class Due:
    """One reminder to send: what about, when it fell due, to whom."""

    kind: str
    object_type: str
    object_id: int
    case_id: int
    due_on: dt.date
    recipient_ids: tuple[int, ...]
    title: str
    body: str
    url: str


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _case_url(name: str, case_id: int) -> str:
    return reverse(name, kwargs={"case_id": case_id})


def _led(cases: Iterable[Case]) -> Iterator[Case]:
    for case in cases:
        if case.lead_practitioner_id:
            yield case


def _lead_cases(states: Iterable[str]) -> QuerySet[Case]:
    return Case.objects.filter(
        state__in=list(states),
        lead_practitioner__isnull=False,
        lead_practitioner__is_active=True,
    )


def _allocated_at() -> Subquery:
    return Subquery(
        CaseTransition.objects.filter(case=OuterRef("pk"), name="allocate")
        .order_by("-at")
        .values("at")[:1]
    )


# ------------------------------------------------------------------ what is due


def assessments_overdue(today: dt.date, settings: PlanSettings) -> Iterator[Due]:
    """Cases allocated N working days ago or more whose assessment is not signed off."""
    latest_possible = today - dt.timedelta(days=settings.assessment_working_days)
    signed_off = Exists(
        Assessment.objects.filter(case=OuterRef("pk"), state=AssessmentState.SIGNED_OFF)
    )
    cases = (
        _lead_cases([State.ALLOCATED, State.ASSESSMENT])
        .annotate(allocated_at=_allocated_at())
        .filter(allocated_at__date__lte=latest_possible)
        .exclude(signed_off)
        .only("pk", "reference", "lead_practitioner_id")
    )
    for case in _led(cases):
        allocated_on = timezone.localdate(case.allocated_at)  # type: ignore[attr-defined]
        due = add_working_days(allocated_on, settings.assessment_working_days)
        if due < today:
            yield Due(
                ReminderKind.ASSESSMENT_OVERDUE,
                "cases.case",
                case.pk,
                case.pk,
                due,
                (case.lead_practitioner_id or 0,),
                f"Case {case.reference}: assessment overdue",
                f"The Early Help Assessment of case {case.reference} was due to be signed off "
                f"by {_day(due)}, {settings.assessment_working_days} working days after "
                f"allocation on {_day(allocated_on)}.",
                _case_url("assessment-tab", case.pk),
            )


def reviews_due(today: dt.date, settings: PlanSettings) -> Iterator[Due]:
    """Agreed plans whose review falls within the notice period with no meeting arranged
    for it, and plans whose review date has passed."""
    plans = (
        plans_due_for_review(today=today, notice_days=settings.review_notice_days)
        .filter(case__lead_practitioner__isnull=False, case__lead_practitioner__is_active=True)
        .select_related("case")
        .only("pk", "next_review_on", "case__reference", "case__lead_practitioner_id")
    )
    for plan in plans:
        due = plan.next_review_on
        assert due is not None  # noqa: S101 - filtered above
        case = plan.case
        url = _case_url("plan-tab", case.pk)
        if review_overdue(plan, today):
            yield Due(
                ReminderKind.REVIEW_OVERDUE,
                "family_plans.familyplan",
                plan.pk,
                case.pk,
                due,
                (case.lead_practitioner_id or 0,),
                f"Case {case.reference}: plan review overdue",
                f"The family plan of case {case.reference} was due for review on {_day(due)}. "
                "Hold a Team Around the Family meeting or record a review.",
                url,
            )
        else:
            yield Due(
                ReminderKind.REVIEW_DUE,
                "family_plans.familyplan",
                plan.pk,
                case.pk,
                due,
                (case.lead_practitioner_id or 0,),
                f"Case {case.reference}: plan review due {_day(due)}",
                f"The family plan of case {case.reference} is due for review on {_day(due)} "
                "and no Team Around the Family meeting is arranged for it.",
                url,
            )


def meetings_soon(today: dt.date, settings: PlanSettings) -> Iterator[Due]:
    """Scheduled TAF meetings within the notice period: everyone invited who works on
    the case, and the lead practitioner."""
    last = today + dt.timedelta(days=settings.meeting_notice_days)
    meetings = list(
        TafMeeting.objects.filter(
            status=MeetingStatus.SCHEDULED,
            starts_at__gte=timezone.now(),
            starts_at__date__lte=last,
            case__state__in=(*WORKING_STATES, State.CLOSING),
        )
        .select_related("case")
        .only("pk", "starts_at", "case__reference", "case__lead_practitioner_id")
    )
    invited: dict[int, set[int]] = {}
    for meeting_id, user_id in MeetingInvitee.objects.filter(
        meeting__in=meetings, user__isnull=False, removed_at__isnull=True
    ).values_list("meeting_id", "user_id"):
        invited.setdefault(meeting_id, set()).add(user_id)
    for meeting in meetings:
        case = meeting.case
        people = set(invited.get(meeting.pk, set()))
        if case.lead_practitioner_id:
            people.add(case.lead_practitioner_id)
        if not people:
            continue
        starts = timezone.localtime(meeting.starts_at)
        yield Due(
            ReminderKind.MEETING_SOON,
            "family_plans.tafmeeting",
            meeting.pk,
            case.pk,
            starts.date(),
            tuple(sorted(people)),
            f"Case {case.reference}: TAF meeting on {_day(starts.date())}",
            f"The Team Around the Family meeting for case {case.reference} is on "
            f"{_day(starts.date())} at {govuk_time(starts)}.",
            reverse("taf-meeting", kwargs={"case_id": case.pk, "meeting_id": meeting.pk}),
        )


def actions_overdue(today: dt.date, settings: PlanSettings) -> Iterator[Due]:
    """Open actions past their due date: to the owner and the lead practitioner."""
    actions = list(
        PlanAction.objects.filter(
            status__in=OPEN_ACTION_STATUSES,
            due_on__lt=today,
            plan__case__state__in=(State.ASSESSMENT, *PLAN_STATES),
        )
        .select_related("plan__case")
        .only(
            "pk",
            "number",
            "due_on",
            "owner_kind",
            "owner_user_id",
            "owner_agency_id",
            "plan__case__reference",
            "plan__case__lead_practitioner_id",
        )
    )
    agency_people: dict[tuple[int, int], set[int]] = {}
    wanted = {(a.plan.case_id, a.owner_agency_id) for a in actions if a.owner_agency_id}
    if wanted:
        members = (
            CaseTeamMember.objects.current()
            .filter(case_id__in={c for c, _ in wanted}, user__isnull=False)
            .values_list("case_id", "agency_id", "user_id")
        )
        for case_id, agency_id, user_id in members:
            agency_people.setdefault((case_id, agency_id), set()).add(user_id)
    for action in actions:
        case = action.plan.case
        people: set[int] = set()
        if case.lead_practitioner_id:
            people.add(case.lead_practitioner_id)
        if action.owner_kind == OwnerKind.WORKER and action.owner_user_id:
            people.add(action.owner_user_id)
        if action.owner_kind == OwnerKind.AGENCY and action.owner_agency_id:
            people |= agency_people.get((case.pk, action.owner_agency_id), set())
        if not people:
            continue
        yield Due(
            ReminderKind.ACTION_OVERDUE,
            "family_plans.planaction",
            action.pk,
            case.pk,
            action.due_on,
            tuple(sorted(people)),
            f"Case {case.reference}: action {action.number} overdue",
            f"Action {action.number} of the family plan of case {case.reference} was due on "
            f"{_day(action.due_on)} and is not done.",
            _case_url("plan-tab", case.pk),
        )


def star_readings_due(today: dt.date, settings: PlanSettings) -> Iterator[Due]:
    """The first Outcome Star reading N days after allocation, then one every M days."""
    last_reading = Subquery(
        StarReading.objects.filter(case=OuterRef("pk"), counts_in_reports=True)
        .values("case")
        .annotate(last=Max("taken_on"))
        .values("last")[:1]
    )
    cases = (
        _lead_cases(WORKING_STATES)
        .annotate(allocated_at=_allocated_at(), last_reading=last_reading)
        .filter(allocated_at__isnull=False)
        .only("pk", "reference", "lead_practitioner_id")
    )
    for case in _led(cases):
        last: dt.date | None = case.last_reading  # type: ignore[attr-defined]
        if last is None:
            start = timezone.localdate(case.allocated_at)  # type: ignore[attr-defined]
            due = start + dt.timedelta(days=settings.first_star_reading_days)
            what = "The first Outcome Star reading"
        else:
            due = last + dt.timedelta(days=settings.star_reading_interval_days)
            what = "The next Outcome Star reading"
        if due <= today:
            yield Due(
                ReminderKind.STAR_READING_DUE,
                "cases.case",
                case.pk,
                case.pk,
                due,
                (case.lead_practitioner_id or 0,),
                f"Case {case.reference}: Outcome Star reading due",
                f"{what} for case {case.reference} was due on {_day(due)}.",
                _case_url("star-tab", case.pk),
            )


def consent_reviews_due(today: dt.date, settings: PlanSettings) -> Iterator[Due]:
    """Consent due for review within the notice period (the latest record of each person)."""
    soon = today + dt.timedelta(days=settings.consent_review_notice_days)
    newer = ConsentRecord.objects.filter(
        case=OuterRef("case"), recorded_at__gt=OuterRef("recorded_at")
    ).filter(Q(person=OuterRef("person")) | Q(person__isnull=True, basis=OuterRef("basis")))
    records = (
        ConsentRecord.objects.filter(
            review_on__isnull=False,
            review_on__lte=soon,
            case__state__in=(*WORKING_STATES, State.CLOSING),
            case__lead_practitioner__isnull=False,
            case__lead_practitioner__is_active=True,
        )
        .exclude(Exists(newer))
        .select_related("case", "person")
        .only(
            "pk",
            "review_on",
            "case__reference",
            "case__lead_practitioner_id",
            "person__given_names",
            "person__family_name",
        )
    )
    for record in records:
        due = record.review_on
        assert due is not None  # noqa: S101 - filtered above
        case = record.case
        whose = f" given by {record.person.full_name}" if record.person else ""
        yield Due(
            ReminderKind.CONSENT_REVIEW_DUE,
            "cases.consentrecord",
            record.pk,
            case.pk,
            due,
            (case.lead_practitioner_id or 0,),
            f"Case {case.reference}: consent due for review {_day(due)}",
            f"The family's consent{whose} on case {case.reference} is due for review on "
            f"{_day(due)}. Check it is still right and record it again.",
            _case_url("case-sharing", case.pk),
        )


def no_recent_contact(today: dt.date, settings: PlanSettings) -> Iterator[Due]:
    """Cases with no contact (case note) recorded for N days since allocation or the
    last contact."""
    last_contact = Subquery(
        CaseNote.objects.filter(case=OuterRef("pk"))
        .values("case")
        .annotate(last=Max("contact_date"))
        .values("last")[:1]
    )
    cases = (
        _lead_cases(WORKING_STATES)
        .annotate(allocated_at=_allocated_at(), last_contact=last_contact)
        .filter(allocated_at__isnull=False)
        .only("pk", "reference", "lead_practitioner_id")
    )
    for case in _led(cases):
        allocated_on = timezone.localdate(case.allocated_at)  # type: ignore[attr-defined]
        contact: dt.date | None = case.last_contact  # type: ignore[attr-defined]
        last = max(contact, allocated_on) if contact else allocated_on
        due = last + dt.timedelta(days=settings.no_contact_days)
        if due <= today:
            yield Due(
                ReminderKind.NO_RECENT_CONTACT,
                "cases.case",
                case.pk,
                case.pk,
                due,
                (case.lead_practitioner_id or 0,),
                f"Case {case.reference}: no contact recorded for {settings.no_contact_days} days",
                f"No contact with the family of case {case.reference} has been recorded "
                f"since {_day(last)}.",
                _case_url("case-notes", case.pk),
            )


FINDERS = (
    assessments_overdue,
    reviews_due,
    meetings_soon,
    actions_overdue,
    star_readings_due,
    consent_reviews_due,
    no_recent_contact,
)


# ------------------------------------------------------------------ sending once


def _already_sent(due: list[Due]) -> set[tuple[str, str, int, dt.date, int]]:
    if not due:
        return set()
    kinds = {d.kind for d in due}
    ids = {d.object_id for d in due}
    return set(
        ReminderSent.objects.filter(kind__in=kinds, object_id__in=ids).values_list(
            "kind", "object_type", "object_id", "due_on", "recipient_id"
        )
    )


def reminder_send(due: Due, recipient: User) -> bool:
    """Send one reminder to one person unless it has been sent: True if it was sent now.

    The claim (the ReminderSent row) and the notification are written in one
    transaction; a concurrent claim of the same key waits on the unique index, then
    fails, and its notification is rolled back with it.
    """
    try:
        with transaction.atomic():
            notification = notify(
                recipients=[recipient], kind=due.kind, title=due.title, body=due.body, url=due.url
            )
            ReminderSent.objects.create(
                kind=due.kind,
                object_type=due.object_type,
                object_id=due.object_id,
                due_on=due.due_on,
                recipient=recipient,
                case_id=due.case_id,
                notification=notification[0] if notification else None,
            )
    except IntegrityError as exc:
        if UNIQUE_NAME in str(exc):
            return False
        raise
    return True


def reminders_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Send every reminder that is due and not yet sent. Returns how many of each kind."""
    today = today or timezone.localdate()
    settings = PlanSettings.current()
    sent: dict[str, int] = {kind.value: 0 for kind in ReminderKind}
    for finder in FINDERS:
        due = list(finder(today, settings))
        done = _already_sent(due)
        recipients = {
            u.pk: u
            for u in User.objects.filter(
                pk__in={r for d in due for r in d.recipient_ids}, is_active=True
            )
        }
        for item in due:
            for recipient_id in item.recipient_ids:
                key = (item.kind, item.object_type, item.object_id, item.due_on, recipient_id)
                recipient = recipients.get(recipient_id)
                if key in done or recipient is None:
                    continue
                if reminder_send(item, recipient):
                    sent[item.kind] += 1
    total = sum(sent.values())
    if total:
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                reason="daily reminders sent",
                detail={"on": today.isoformat(), "sent": {k: v for k, v in sent.items() if v}},
            )
    logger.info("reminders sent: %s", sent)
    return sent

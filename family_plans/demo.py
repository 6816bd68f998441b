"""Demo family plans, reviews, TAF meetings, family network meetings and notifications for
`seed_demo`.

Runs after the assessments demo. For each demo case in plan and review or closing (whose
assessment is signed off) it writes the plan the lead practitioner agreed with the family
on the day the case moved to plan and review, through family_plans.services: outcomes
in the family's words linked to assessed needs, actions owned by workers, agencies on the
team and family members; then a Team Around the Family meeting about every six weeks up
to today (or the closure proposal), each held, minuted, reviewing the plan and sometimes
changing it; for open cases, the next meeting arranged. Some actions are done, some
dropped, some overdue. About one family in seven is offered a family network meeting.
Closed cases have their plan and meetings entered afterwards, as a council loading them
from its previous system would (family_plan_record_history). Finally the day's reminders
run, so people have notifications.

Nothing is emailed: the email messages the services write to the outbox are removed
before each case's transaction commits (the notifications stay in the service). Each
case's data comes from its own seeded random generator; a case that already has a plan
is left alone, so running twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assessments.models import Assessment, AssessmentState
from assessments.selectors import assessed_needs
from cases.models import Case, CaseTransition, HouseholdMember
from cases.workflow_states import State
from earlyhelp import demo_quiet
from earlyhelp.demo_quiet import discard_waiting_email, outbox_watermark
from earlyhelp.errors import ApplicationError
from family_plans import reminders, services
from family_plans.models import (
    ActionStatus,
    Attendance,
    FamilyNetworkMeeting,
    FamilyPlan,
    MeetingInvitee,
    MeetingStatus,
    NetworkRelationship,
    OfferResponse,
    PlanAction,
    PlanReview,
    PlanVersion,
    TafMeeting,
)
from family_plans.selectors import invitee_choices, owner_choices
from family_plans.services import (
    ActionDetails,
    ActionUpdate,
    HistoryAction,
    HistoryMeeting,
    MeetingDetails,
    MeetingRecord,
    NetworkMeetingDetails,
    NetworkPerson,
    NewAction,
    OutcomeDetails,
    PlanHistory,
    ReviewDetails,
)
from partners.models import Membership, Notification, User
from partners.roles import Role

SEED = 20260611
STATES = [State.PLAN_AND_REVIEW, State.CLOSING, State.CLOSED]
EMAIL_TASKS = demo_quiet.EMAIL_TASKS

WANTS = {
    "child": [
        "We want {name} to go to school every day and enjoy it.",
        "We want {name} to feel less worried and sleep better.",
        "We want {name} to have friends and do things they enjoy.",
    ],
    "adult": [
        "I want to feel on top of things again.",
        "I want to get back into work.",
        "I want us to stop arguing in front of the children.",
    ],
    "family": [
        "We want a home that is warm and safe, without debts hanging over us.",
        "We want calmer mornings and evenings as a family.",
    ],
}
SUCCESS = [
    "Attendance above 95% for a whole half term.",
    "Bedtime by 8pm most nights; fewer calls from school.",
    "Rent paid on time for three months running.",
    "Mum says she feels she is coping, and the Star shows it.",
]
ACTIONS = [
    "Walk {name} to school each morning and meet the pastoral lead on Fridays.",
    "Offer a breakfast club place four days a week.",
    "Refer to the school nurse for a sleep and anxiety check.",
    "Book a joint visit with the housing officer about the rent arrears.",
    "Go to the Family Hub parenting group (six Tuesday sessions).",
    "Set up a bedtime routine chart together and review it weekly.",
    "Apply for the free school meals and uniform grant.",
    "Referral to the young carers' group.",
    "Appointment with the GP about low mood, with a worker there if wanted.",
    "Visit the library homework club after school on Wednesdays.",
]
MINUTES = [
    "Went through each action with the family. School reports better attendance; mum "
    "finds mornings easier with the breakfast club.",
    "The family said things are harder since the change of shifts. Agreed to focus on "
    "routines before anything new.",
    "Good progress on housing; the arrears plan is in place. The children said they feel "
    "more settled.",
]
DECISIONS = [
    "Carry on as planned; review in six weeks.",
    "School to take over the morning check-ins; the family worker steps back.",
    "Add support for mum's wellbeing; keep the rest as it is.",
]
VIEWS = [
    "Mum says the plan is working and she wants to keep going.",
    "Dad says he needs more help with money and wants to be at every meeting.",
    "The family feel listened to but tired; they want fewer appointments.",
]
CHILD_VIEWS = [
    "{name} said: 'I like breakfast club. I still don't like maths.'",
    "{name} drew a picture of home with everyone smiling.",
    "{name} said they want their own bedroom and more time with dad.",
]
NETWORK = [
    ("Maureen", NetworkRelationship.RELATIVE, "maternal grandmother"),
    ("Uncle Tony", NetworkRelationship.RELATIVE, "father's brother"),
    ("Janice", NetworkRelationship.FRIEND, "neighbour and friend of mum"),
    ("Pastor Ade", NetworkRelationship.CONNECTED, "church"),
    ("Aunt Priya", NetworkRelationship.RELATIVE, "mother's sister"),
]


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _spread(rng: random.Random, items: Sequence[Any], count: int) -> list[Any]:
    return [items[(rng.randrange(len(items)) + n) % len(items)] for n in range(count)]


class _Family:
    """What one case's plan is built from."""

    def __init__(self, case: Case, members: list[HouseholdMember], rng: random.Random) -> None:
        self.case = case
        self.rng = rng
        today = timezone.localdate()
        self.adults = [m.person for m in members if not m.person.is_child_on(today)]
        self.children = [m.person for m in members if m.person.is_child_on(today)]
        self.child_name = self.children[0].known_as if self.children else "the children"

    def outcomes(self) -> list[OutcomeDetails]:
        needs = assessed_needs(self.case)
        chosen = needs[:3] if needs else []
        rng = self.rng
        if not chosen:
            return [OutcomeDetails(wanted=rng.choice(WANTS["family"]))]
        found = []
        for need in chosen[: rng.randint(1, len(chosen))]:
            kind = need.key.split("-")[0]
            wanted = rng.choice(WANTS.get(kind, WANTS["family"])).format(
                name=need.title.split(" ")[0]
            )
            who = self.adults[0].known_as if self.adults else "The family"
            found.append(
                OutcomeDetails(
                    wanted=wanted,
                    whose_words=f"{who} ({'the family' if kind == 'family' else 'parent'})",
                    success_looks_like=rng.choice(SUCCESS),
                    need_keys=[need.key],
                )
            )
        return found

    def actions(self, start: dt.date, count: int, owners: list[str]) -> list[ActionDetails]:
        rng = self.rng
        return [
            ActionDetails(
                what=text.format(name=self.child_name),
                owner=rng.choice(owners),
                start_on=start,
                due_on=start + dt.timedelta(days=rng.randint(14, 84)),
            )
            for text in _spread(rng, ACTIONS, count)
        ]


def _meeting_dates(start: dt.date, end: dt.date, rng: random.Random) -> list[dt.date]:
    days: list[dt.date] = []
    day = start + dt.timedelta(days=rng.randint(10, 20))
    while day < end:
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        days.append(day)
        day += dt.timedelta(days=rng.randint(35, 49))
    return days


def _invite(case: Case) -> list[str]:
    workers, family = invitee_choices(case)
    return [c.key for c in workers] + [c.key for c in family if c.default]


def _plan_as_we_go(
    case: Case, lead: User, family: _Family, today: dt.date, agreed: dt.date, end: dt.date
) -> tuple[int, int, int]:
    """Plan, meetings and reviews through the everyday services; (actions, meetings, reviews)."""
    rng = family.rng
    plan = services.plan_start(actor=lead, case=case)
    plan.case = case
    owners = [key for key, _ in owner_choices(case)]
    made = 0
    start = max(agreed - dt.timedelta(days=rng.randint(0, 5)), case.opened_on)
    for details in family.outcomes():
        outcome = services.outcome_add(actor=lead, plan=plan, details=details)
        made += len(
            services.actions_add(
                actor=lead,
                plan=plan,
                outcome=outcome,
                actions=family.actions(start, rng.randint(1, 3), owners),
            )
        )
    plan.refresh_from_db()
    services.plan_agree(
        actor=lead,
        plan=plan,
        expected_version=plan.version,
        agreed_on=agreed,
        agreed_with=" and ".join(p.known_as for p in family.adults[:2]) or "The family",
        children_views=rng.choice(CHILD_VIEWS).format(name=family.child_name)
        if family.children and rng.random() < 0.7
        else "",
    )
    meetings = reviews = 0
    for day in _meeting_dates(agreed, end, rng):
        starts = _moment(day, rng.choice([9, 10, 13, 14]))
        meeting = services.taf_meeting_schedule(
            actor=lead,
            case=case,
            details=MeetingDetails(
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                location=f"{case.family_hub.name if case.family_hub else 'Family hub'}, "
                "meeting room",
                invite=_invite(case),
            ),
        )
        meetings += 1
        plan.refresh_from_db()
        open_actions = list(
            PlanAction.objects.filter(
                plan=plan, status__in=[ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS]
            )
        )
        updates = []
        for action in open_actions:
            roll = rng.random()
            if action.due_on <= day and roll < 0.75:
                status, reason = ActionStatus.DONE, ""
            elif roll < 0.05:
                status, reason = ActionStatus.DROPPED, "No longer needed: the family found "
                "its own way round it."
            else:
                status, reason = ActionStatus.IN_PROGRESS, ""
            updates.append(ActionUpdate(action.pk, status, dropped_reason=reason))
        progress = rng.random() < 0.75
        services.taf_meeting_record(
            actor=lead,
            meeting=meeting,
            expected_version=meeting.version,
            record=MeetingRecord(
                attendance={
                    i.pk: rng.choice([Attendance.ATTENDED] * 5 + [Attendance.APOLOGIES])
                    for i in meeting.invitees.all()
                },
                minutes=rng.choice(MINUTES),
                family_views=rng.choice(VIEWS),
                child_views=rng.choice(CHILD_VIEWS).format(name=family.child_name)
                if family.children
                else "",
                decisions=rng.choice(DECISIONS),
                review=ReviewDetails(
                    reviewed_on=None,
                    progress_made=progress,
                    note="Progress on most actions." if progress else "Little has changed.",
                    updates=updates,
                ),
            ),
        )
        reviews += 1
        if rng.random() < 0.3:
            meeting.refresh_from_db()
            plan.refresh_from_db()
            first = plan.outcomes.order_by("number").first()
            if first is not None:
                [added] = family.actions(day, 1, owners)
                services.taf_meeting_plan_changes_apply(
                    actor=lead,
                    meeting=meeting,
                    expected_plan_version=plan.version,
                    changes=[],
                    new_actions=[NewAction(first.pk, added)],
                    summary="A new action agreed at the meeting.",
                )
                made += 1
    if case.state == State.PLAN_AND_REVIEW and rng.random() < 0.7:
        day = today + dt.timedelta(days=rng.randint(3, 30))
        starts = _moment(day, rng.choice([10, 14]))
        services.taf_meeting_schedule(
            actor=lead,
            case=case,
            details=MeetingDetails(
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                location="Family hub, meeting room",
                online_link="https://meet.example.gov.uk/taf" if rng.random() < 0.3 else "",
                invite=_invite(case),
            ),
        )
        meetings += 1
    return made, meetings, reviews


def _plan_afterwards(
    case: Case, manager: User, family: _Family, agreed: dt.date, end: dt.date
) -> tuple[int, int, int]:
    """A closed case's plan and meetings, entered afterwards by its manager."""
    rng = family.rng
    owners = [key for key, _ in owner_choices(case, past_team=True)]
    outcomes = family.outcomes()
    start = max(agreed - dt.timedelta(days=rng.randint(0, 5)), case.opened_on)
    actions = []
    for n in range(len(outcomes)):
        for details in family.actions(start, rng.randint(1, 3), owners):
            if details.due_on is not None and details.due_on > end:
                details.due_on = max(end, start)
            roll = rng.random()
            status = ActionStatus.DONE if roll < 0.8 else ActionStatus.DROPPED
            actions.append(
                HistoryAction(
                    outcome=n,
                    details=details,
                    status=status,
                    dropped_reason="" if status == ActionStatus.DONE else "Not needed in the end.",
                )
            )
    names = [p.known_as for p in family.adults[:2]]
    meetings = [
        HistoryMeeting(
            starts_at=_moment(day, 10),
            ends_at=_moment(day, 11),
            location="Family hub, meeting room",
            minutes=rng.choice(MINUTES),
            decisions=rng.choice(DECISIONS),
            family_views=rng.choice(VIEWS),
            attendees=[
                (
                    case.lead_practitioner.full_name
                    if case.lead_practitioner
                    else "Lead practitioner",
                    case.lead_agency.name if case.lead_agency else "",
                    "attended",
                ),
                *(
                    (name, "Family", rng.choice(["attended", "attended", "apologies"]))
                    for name in names
                ),
            ],
            progress_made=rng.random() < 0.8,
            progress_note="Reviewed each action with the family.",
        )
        for day in _meeting_dates(agreed, end, rng)
    ]
    services.family_plan_record_history(
        actor=manager,
        case=case,
        history=PlanHistory(
            agreed_on=agreed,
            outcomes=outcomes,
            actions=actions,
            meetings=meetings,
            agreed_with=" and ".join(names) or "The family",
        ),
    )
    return len(actions), len(meetings), len(meetings)


def _network(case: Case, lead: User, family: _Family, start: dt.date, end: dt.date) -> int:
    rng = family.rng
    if rng.random() > 0.15 or (end - start).days < 30:
        return 0
    offered = start + dt.timedelta(days=rng.randint(5, 20))
    accepted = rng.random() < 0.7
    held = offered + dt.timedelta(days=rng.randint(14, 28))
    people = [
        NetworkPerson(name, relationship, detail, attended=True if accepted else None)
        for name, relationship, detail in rng.sample(NETWORK, rng.randint(2, 4))
    ]
    held_on = held if accepted and held < end else None
    services.network_meeting_save(
        actor=lead,
        case=case,
        details=NetworkMeetingDetails(
            offered_on=offered,
            response=OfferResponse.ACCEPTED if accepted else OfferResponse.DECLINED,
            response_on=offered + dt.timedelta(days=3),
            declined_reason="" if accepted else "The family did not want relatives involved.",
            facilitator_name="Chris Lowe" if held_on else "",
            facilitator_organisation="Family Group Conference Service" if held_on else "",
            facilitated_on=held_on,
            private_family_time=True if held_on else None,
            family_plan="Grandma does the school run twice a week; Janice has the children "
            "on Saturdays so mum can rest."
            if held_on
            else "",
            outcome="A family plan everyone agreed." if held_on else "",
            network=people,
        ),
    )
    return 1


# Demo actions that use a service of the demo directory (partners/directory/demo.py).
DIRECTORY_SERVICES = {
    "Go to the Family Hub parenting group": "Incredible Years parenting course",
    "Referral to the young carers' group": "Young carers club",
    "Visit the library homework club": "Mill Lane homework club",
    "Book a joint visit with the housing officer": "Tenancy sustainment",
    "Apply for the free school meals": "Citizens Advice money and debt",
}


def _link_directory_services() -> int:
    """Link the demo's actions to the directory's services, as practitioners would, so the
    directory shows how often plans use each (idempotent: unlinked actions only)."""
    from partners.directory.models import Service

    services_by_name = dict(Service.objects.values_list("name", "pk"))
    for start, name in DIRECTORY_SERVICES.items():
        if name in services_by_name:
            PlanAction.objects.filter(what__startswith=start, service__isnull=True).update(
                service_id=services_by_name[name]
            )
    return PlanAction.objects.filter(service__isnull=False).count()


def build(
    *, password: str = "", families: int = 0, stdout: Any = None, **_: object
) -> dict[str, int]:
    """Add plans, meetings, reviews and notifications to demo cases (idempotent)."""
    del password, families
    today = timezone.localdate()
    managers: dict[int, User] = {}
    for m in (
        Membership.objects.active()
        .filter(role=Role.MANAGER, zone__isnull=False)
        .select_related("user")
        .order_by("id")
    ):
        managers.setdefault(m.zone_id or 0, m.user)
    signed_off = Assessment.objects.filter(case=OuterRef("pk"), state=AssessmentState.SIGNED_OFF)
    todo = list(
        Case.objects.filter(state__in=STATES, lead_practitioner__isnull=False, zone__isnull=False)
        .filter(Exists(signed_off))
        .exclude(Exists(FamilyPlan.objects.filter(case=OuterRef("pk"))))
        .select_related("family", "family_hub", "lead_agency", "lead_practitioner")
        .order_by("pk")
    )
    moments: dict[int, dict[str, dt.datetime]] = {}
    for case_id, name, at in (
        CaseTransition.objects.filter(case__in=todo)
        .order_by("at")
        .values_list("case_id", "name", "at")
    ):
        moments.setdefault(case_id, {})[name] = at
    members: dict[int, list[HouseholdMember]] = {}
    for hm in (
        HouseholdMember.objects.filter(family__in={c.family_id for c in todo}, left_on__isnull=True)
        .select_related("person")
        .order_by("person__date_of_birth", "id")
    ):
        members.setdefault(hm.family_id, []).append(hm)
    with connection.cursor() as cursor:  # demo data: no need to wait for each fsync
        cursor.execute("SET synchronous_commit TO OFF")
    made = {"plans": 0, "actions": 0, "TAF meetings": 0, "reviews": 0, "network meetings": 0}
    skipped = 0
    for n, case in enumerate(todo):
        case_moments = moments.get(case.pk, {})
        lead = case.lead_practitioner
        manager = managers.get(case.zone_id or 0)
        planned = case_moments.get("start_plan")
        if lead is None or manager is None or planned is None:
            skipped += 1
            continue
        family = _Family(case, members.get(case.family_id, []), random.Random(SEED + case.pk))
        agreed = timezone.localdate(planned)
        closing = case_moments.get("propose_closure")
        end = timezone.localdate(closing) if closing else today
        try:
            with transaction.atomic():  # a case is done whole or not at all
                mark = outbox_watermark()
                if case.state == State.CLOSED:
                    counts = _plan_afterwards(case, manager, family, agreed, end)
                else:
                    counts = _plan_as_we_go(case, lead, family, today, agreed, end)
                    made["network meetings"] += _network(case, lead, family, agreed, end)
                discard_waiting_email(after=mark)
                # As if the invitations to the meeting coming up had gone out.
                MeetingInvitee.objects.filter(
                    meeting__case=case, meeting__status=MeetingStatus.SCHEDULED
                ).exclude(email="").update(sent_sequence=0)
        except (ApplicationError, PermissionDenied):
            skipped += 1  # e.g. a lead who has since left their agency
            continue
        made["plans"] += 1
        made["actions"] += counts[0]
        made["TAF meetings"] += counts[1]
        made["reviews"] += counts[2]
        if stdout is not None and n and n % 100 == 0:
            stdout.write(f"  planned {n} cases...")
    with transaction.atomic():
        mark = outbox_watermark()
        sent = reminders.reminders_send(today=today)
        discard_waiting_email(after=mark)
    return {
        **made,
        "actions using a directory service": _link_directory_services(),
        "cases skipped": skipped,
        "reminders sent": sum(sent.values()),
        "plans in all": FamilyPlan.objects.count(),
        "plan versions in all": PlanVersion.objects.count(),
        "reviews in all": PlanReview.objects.count(),
        "TAF meetings in all": TafMeeting.objects.count(),
        "upcoming TAF meetings": TafMeeting.objects.filter(
            status=MeetingStatus.SCHEDULED, starts_at__gte=timezone.now()
        ).count(),
        "network meetings in all": FamilyNetworkMeeting.objects.count(),
        "notifications in all": Notification.objects.count(),
    }

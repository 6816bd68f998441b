"""Demo assessments, Outcome Star readings, headline problems and measures for `seed_demo`.

Runs after the cases demo and adds, through assessments.services, what each demo case
past allocation would have by now: cases in assessment have a draft, a submitted or a
returned assessment (some already signed off); cases in plan and review, closing or
closed have a signed-off assessment (entered as history, since those cases left the
assessment stage before this builder runs), some with a second version; Star readings
at the start, at reviews and at closure (some by the worker alone, some where the
family saw it differently); progress against headline problems; and SDQ scores before
and after for some children.

The lead practitioner does the work and the manager covering the case's zone signs it
off. Each case's data comes from its own seeded random generator; a case that already
has an assessment or a reading is left alone, so running twice adds nothing.
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

from assessments import sections as s
from assessments import services
from assessments.models import (
    Assessment,
    AssessmentProblem,
    MeasureReading,
    MeasureType,
    ProblemProgress,
    StarReading,
    StarType,
)
from assessments.reference_data import ensure_reference_data
from assessments.selectors import current_framework, section_context, section_rows
from cases.models import Case, CaseTransition, HouseholdMember, Person
from cases.workflow_states import State
from earlyhelp.demo_quiet import sends_no_email
from earlyhelp.errors import ApplicationError
from partners.models import Membership, User
from partners.roles import Role

SEED = 20260415
STATES = [State.ASSESSMENT, State.PLAN_AND_REVIEW, State.CLOSING, State.CLOSED]

# Enquiry concern categories -> Supporting Families 2022-25 headline numbers.
CONCERN_HEADLINES = {
    "school_attendance": [1],
    "behaviour": [1, 7],
    "send": [1],
    "early_years": [2],
    "emotional_wellbeing": [3],
    "physical_health": [3],
    "substance_misuse": [4],
    "parenting": [5],
    "family_relationships": [5],
    "young_carer": [5],
    "exploitation": [6],
    "crime": [7],
    "domestic_abuse": [8],
    "housing": [9],
    "money": [10],
}

EVIDENCE = {
    1: "Attendance {pct}% this academic year (school register); two fixed-term exclusions.",
    2: "Two-year review: speech and language below the expected range (health visitor).",
    3: "Parent describes low mood most days; GP has prescribed medication.",
    4: "Parent drinking most evenings, disclosed at the home visit.",
    5: "Frequent arguments at home that the children hear; grandparent no longer visits.",
    6: "Missing from home twice this term; police return home interviews.",
    7: "Anti-social behaviour warning from the police for the eldest child.",
    8: "Police attended a domestic incident with the children present (MARAC referral).",
    9: "Rent arrears of over £1,200; notice seeking possession received.",
    10: "No one in work; Universal Credit deductions; using the food bank weekly.",
}

CHILD_TEXT = {
    "development": [
        "Meeting milestones; enjoys building and drawing.",
        "Speech a little behind for age; understands well.",
        "Good physical development; struggles to share with other children.",
    ],
    "health": [
        "Generally well; immunisations up to date.",
        "Asthma, managed with inhalers; missed two appointments this year.",
        "Dental check overdue; otherwise healthy.",
    ],
    "education": [
        "Attendance {pct}% this year; often late on Mondays.",
        "Settled in nursery three mornings a week.",
        "Behind in reading; the school has put extra support in place.",
    ],
    "emotional_wellbeing": [
        "Anxious about school and worried about mum.",
        "Happy and chatty at home; quiet and withdrawn at school.",
        "Angry outbursts at home, especially at bedtime.",
    ],
    "voice": [
        '"I want mum to not be sad and I want to go to football club."',
        '"I don\'t like it when they shout. I like it when we go to the park."',
        '"School is boring but I like my teacher. I want my own bed."',
    ],
    "strengths": [
        "Loving relationship with mum; good friends at school.",
        "Bright and curious; enjoys sport.",
        "Close to older sibling, who looks out for them.",
    ],
    "needs": [
        "Support to get to school on time and catch up with reading.",
        "Help to manage feelings, and a calmer bedtime routine.",
        "Speech and language support and a nursery place.",
    ],
}

ADULT_TEXT = {
    "parenting_capacity": [
        "Warm and caring; finds routines and boundaries hard when tired.",
        "Meets the children's basic needs; struggles with consistent boundaries.",
    ],
    "health": [
        "Low mood since the last baby; waiting for talking therapy.",
        "Back pain limits what they can do; otherwise well.",
    ],
    "work_and_money": [
        "Not working; Universal Credit; debts to the council and a catalogue.",
        "Works part time in a shop; money runs out before payday.",
    ],
    "relationships": [
        "Separated from the children's father; contact is irregular.",
        "Supportive partner; arguments about money.",
    ],
    "strengths": [
        "Wants the best for the children and has asked for help.",
        "Good friend nearby who helps with the school run.",
    ],
    "needs": [
        "Help with debt and benefits, and support for low mood.",
        "Parenting support with routines and boundaries.",
    ],
}

FAMILY_TEXT = {
    "housing": [
        "Two-bedroom council flat; damp in the children's room; overcrowded.",
        "Private rented house; rent arrears and a notice seeking possession.",
        "Temporary accommodation since the spring, away from the children's school.",
    ],
    "community": [
        "Knows few people locally; uses the family hub stay-and-play.",
        "Attends the local church; children go to the youth club.",
    ],
    "support_network": [
        "Grandmother helps most weekends; no one else close by.",
        "Isolated since moving to the area; a neighbour helps occasionally.",
    ],
    "strengths": ["The family are open with workers and keen to make changes."],
    "needs": ["Stable, suitable housing and more people to turn to."],
    "tried_before": ["Referred to Citizens Advice last year; did not attend."],
}

VIEWS = {
    "family_view": [
        'Mum says: "Everything got on top of me after we moved. I want us to be calmer."',
        'Dad says: "We just need some help with the kids and the money, then we\'ll be fine."',
    ],
    "family_goals": [
        "Children at school every day and on time; sort out the debts; fewer arguments.",
        "A bigger home; mum to feel better; the children to enjoy school.",
    ],
}

ANALYSIS = [
    "A loving family under strain from money, housing and low mood. The children's needs "
    "are being met at a basic level but attendance and emotional wellbeing are suffering. "
    "With coordinated support the family is well placed to make changes.",
    "Several needs reinforce each other: debt, poor housing and parental mental health "
    "affect routines and the children's attendance and behaviour. Strengths: the family "
    "wants help and the children are close to their parents.",
]


def _pick(rng: random.Random, options: Sequence[str], **fmt: Any) -> str:
    return rng.choice(list(options)).format(**fmt)


def _answers(
    rng: random.Random,
    context: s.SectionContext,
    concern_categories: Sequence[str],
    start: dt.date,
    *,
    tag: str = "",
) -> dict[str, dict[str, Any]]:
    """Complete, valid answers for every section of the assessment."""
    pct = rng.randint(68, 89)
    adults = [m for m in context.members if not m.is_child]
    answers: dict[str, dict[str, Any]] = {}
    for d in s.section_definitions(context):
        values: dict[str, Any] = {}
        if d.kind == s.Kind.CONSENT:
            for m in context.members:
                if m.is_unborn:
                    continue
                age = m.age_on(start)
                own = not m.is_child or (age is not None and age >= 14)
                values[f"c{m.person_id}_decision"] = "given"
                values[f"c{m.person_id}_given_by"] = (
                    "self" if own or not adults else str(adults[0].person_id)
                )
                values[f"c{m.person_id}_method"] = rng.choice(["verbal", "written"])
                values[f"c{m.person_id}_date"] = start.isoformat()
            values["may_see"] = "Every agency on the Team Around the Family."
            values["confirmed"] = True
        elif d.kind == s.Kind.CHILD:
            values = {k: _pick(rng, v, pct=pct) for k, v in CHILD_TEXT.items()}
        elif d.kind == s.Kind.ADULT:
            values = {k: _pick(rng, v) for k, v in ADULT_TEXT.items()}
        elif d.kind == s.Kind.FAMILY:
            values = {k: _pick(rng, v) for k, v in FAMILY_TEXT.items()}
        elif d.kind == s.Kind.VIEWS:
            values = {k: _pick(rng, v) for k, v in VIEWS.items()}
        elif d.kind == s.Kind.PROBLEMS:
            by_number = {h.number: h for h in context.headlines}
            wanted = {n for c in concern_categories for n in CONCERN_HEADLINES.get(c, [])}
            while len(wanted) < rng.choice([2, 3, 3, 4, 5]):
                wanted.add(rng.choice(list(by_number) or [0]))
            for number in sorted(wanted):
                h = by_number.get(number)
                if h is None:
                    continue
                values[f"p{h.id}"] = True
                values[f"p{h.id}_evidence"] = EVIDENCE.get(number, "Seen at the home visit.")
                values[f"p{h.id}_evidence"] = values[f"p{h.id}_evidence"].format(pct=pct)
                values[f"p{h.id}_identified_on"] = start.isoformat()
        elif d.kind == s.Kind.ANALYSIS:
            levels = [value for value, _ in context.need_levels]
            level = rng.choice([levels[2]] * 7 + [levels[1]] * 2 + [levels[3]])
            values = {
                "analysis": rng.choice(ANALYSIS),
                "summary": "Whole-family support through a family plan and a Team Around "
                "the Family, reviewed every six weeks.",
                "need_level": level,
                "plan_outline": "Attendance, money and housing, emotional wellbeing, routines.",
            }
        answers[d.key] = {
            k: (f"{v}{tag}" if isinstance(v, str) and tag and k in ("needs", "housing") else v)
            for k, v in values.items()
        }
    return answers


class _Days:
    """Moments of one case's work: office hours, never going backwards, never future."""

    def __init__(self, rng: random.Random, after: dt.datetime) -> None:
        self.rng = rng
        self.last = after

    def at(self, day: dt.date | None = None) -> dt.datetime:
        if day is None:
            moment = self.last + dt.timedelta(minutes=self.rng.randint(5, 90))
        else:
            moment = timezone.make_aware(
                dt.datetime.combine(day, dt.time(self.rng.randint(9, 16), self.rng.randint(0, 59)))
            )
        moment = max(moment, self.last + dt.timedelta(minutes=1))
        moment = min(moment, timezone.now() - dt.timedelta(seconds=1))
        self.last = max(self.last, moment)
        return moment


def _save_all(
    assessment: Assessment,
    lead: User,
    answers: dict[str, dict[str, Any]],
    clock: _Days,
    *,
    keys: Sequence[str] | None = None,
    last_in_progress: bool = False,
) -> None:
    rows = section_rows(assessment=assessment)
    chosen = list(keys if keys is not None else answers)
    for n, key in enumerate(chosen):
        row = rows.get(key)
        services.assessment_section_save(
            actor=lead,
            assessment=assessment,
            key=key,
            values=answers[key],
            complete=not (last_in_progress and n == len(chosen) - 1),
            expected_version=row.version if row else 0,
            at=clock.at(),
        )


def _context_for(case: Case) -> s.SectionContext:
    draft = Assessment(case=case, framework=current_framework())
    return section_context(assessment=draft, rows={})


def _assessment(
    case: Case,
    lead: User,
    manager: User,
    moments: dict[str, dt.datetime],
    rng: random.Random,
    concerns: Sequence[str],
    today: dt.date,
) -> int:
    """The case's assessment(s); returns how many versions were made."""
    started = moments["start_assessment"]
    clock = _Days(rng, started)
    if case.state == State.ASSESSMENT:
        assessment = services.assessment_start(actor=lead, case=case, at=clock.at())
        context = section_context(assessment=assessment, rows={})
        answers = _answers(rng, context, concerns, timezone.localdate(started))
        stage = rng.choice(["draft", "draft", "submitted", "returned", "signed_off"])
        if stage == "draft":
            keys = list(answers)[: rng.randint(1, len(answers) - 1)]
            _save_all(assessment, lead, answers, clock, keys=keys, last_in_progress=True)
            return 1
        _save_all(assessment, lead, answers, clock)
        assessment.refresh_from_db()
        assessment = services.assessment_submit(
            actor=lead, assessment=assessment, expected_version=assessment.version, at=clock.at()
        )
        if stage == "returned":
            services.assessment_return(
                actor=manager,
                assessment=assessment,
                comments="Please add the children's own words and the evidence for housing.",
                at=clock.at(),
            )
        elif stage == "signed_off":
            services.assessment_sign_off(actor=manager, assessment=assessment, at=clock.at())
        return 1

    signed_by = moments.get("start_plan") or moments.get("propose_closure")
    if signed_by is None or signed_by <= started:
        return 0
    span = (signed_by - started).total_seconds()
    signed_at = started + dt.timedelta(seconds=span * rng.uniform(0.6, 0.95))
    context = _context_for(case)
    answers = _answers(rng, context, concerns, timezone.localdate(started))
    first = services.assessment_record_completed(
        actor=manager,
        case=case,
        answers=answers,
        assessed_by=lead,
        started_at=started,
        signed_off_at=signed_at,
    )
    plan_started = moments.get("start_plan")
    if (
        case.state != State.PLAN_AND_REVIEW
        or plan_started is None
        or (today - timezone.localdate(plan_started)).days < 120
        or rng.random() > 0.3
    ):
        return 1
    # A reassessment some months into the plan: a few sections change.
    day = timezone.localdate(plan_started) + dt.timedelta(days=rng.randint(90, 110))
    clock = _Days(rng, max(signed_at, timezone.make_aware(dt.datetime.combine(day, dt.time(9)))))
    second = services.assessment_start(actor=lead, case=case, at=clock.at())
    del first
    later = _answers(rng, section_context(assessment=second), concerns, day, tag=" (updated)")
    changed = [k for k in later if k in ("family", "views", "analysis") or k.startswith("child")]
    _save_all(second, lead, later, clock, keys=changed[: rng.randint(2, len(changed))])
    if rng.random() < 0.75:
        second.refresh_from_db()
        second = services.assessment_submit(
            actor=lead, assessment=second, expected_version=second.version, at=clock.at()
        )
        services.assessment_sign_off(actor=manager, assessment=second, at=clock.at())
    return 2


def _step(value: int, rng: random.Random, better: float) -> int:
    change = rng.choice([-1, 0, 0, 1, 1, 2]) if rng.random() < better else rng.choice([-1, 0, 1])
    return max(1, min(10, value + change))


def _readings(
    case: Case,
    lead: User,
    star: StarType,
    moments: dict[str, dt.datetime],
    rng: random.Random,
    people: list[Person],
    adults: list[Person],
    today: dt.date,
) -> tuple[int, dt.date | None, dt.date | None]:
    """Start, review and closure readings; returns (count, first date, last date)."""
    allocated = moments.get("allocate") or moments["start_assessment"]
    end = case.closed_on or today
    day = timezone.localdate(allocated) + dt.timedelta(days=rng.randint(10, 28))
    closure = moments.get("propose_closure")
    closure_day = min(timezone.localdate(closure), end) if closure else None
    if day > end or (case.state == State.ASSESSMENT and rng.random() < 0.5):
        return 0, None, None
    scales = list(star.scales.order_by("number"))
    values = {sc.pk: rng.randint(2, 6) for sc in scales}
    better = rng.uniform(0.5, 0.95)
    dates: list[tuple[dt.date, str]] = [(day, "start")]
    while True:
        day = day + dt.timedelta(days=rng.randint(70, 100))
        if day > end - dt.timedelta(days=7) or (
            closure_day and day > closure_day - dt.timedelta(14)
        ):
            break
        dates.append((day, "review"))
    if closure_day and closure_day > dates[-1][0] + dt.timedelta(days=14):
        dates.append((closure_day, "closure"))
    count = 0
    for n, (on, occasion) in enumerate(dates):
        if n:
            values = {k: _step(v, rng, better) for k, v in values.items()}
        roll = rng.random()
        way = "worker_only" if roll < 0.1 else "disagree" if roll < 0.18 else "joint"
        family = None
        if way == "disagree":
            family = {k: max(1, min(10, v + rng.choice([-3, -2, 2, 3]))) for k, v in values.items()}
        services.star_reading_record(
            actor=lead,
            case=case,
            star_type=star,
            taken_on=on,
            occasion=occasion,
            way=way,
            scores=values,
            family_scores=family,
            present=(adults or people)[: rng.randint(1, max(1, len(adults)))]
            if way != "worker_only"
            else [],
            note="Family did not attend the planned visit." if way == "worker_only" else "",
        )
        count += 1 + (way == "disagree")
    return count, dates[0][0], dates[-1][0]


def _progress(case: Case, lead: User, on: dt.date | None, rng: random.Random) -> int:
    if on is None or case.state == State.ASSESSMENT:
        return 0
    if case.state == State.PLAN_AND_REVIEW and rng.random() < 0.5:
        return 0
    latest = Assessment.objects.filter(case=case, state="signed_off").order_by("-number").first()
    if latest is None:
        return 0
    count = 0
    for problem in AssessmentProblem.objects.filter(assessment=latest).select_related("headline"):
        status = (
            rng.choice(["sustained", "significant", "significant", "some_progress", "no_progress"])
            if case.state in (State.CLOSING, State.CLOSED)
            else rng.choice(["no_progress", "some_progress", "some_progress", "significant"])
        )
        services.problem_progress_record(
            actor=lead,
            case=case,
            headline=problem.headline,
            status=status,
            note="Reviewed at the Team Around the Family meeting.",
            recorded_on=max(on, case.opened_on),
        )
        count += 1
    return count


def _measures(
    case: Case,
    lead: User,
    sdq: MeasureType | None,
    children: list[Person],
    first: dt.date | None,
    last: dt.date | None,
    rng: random.Random,
) -> int:
    if sdq is None or first is None or rng.random() > 0.25:
        return 0
    aged = [c for c in children if c.date_of_birth and 4 <= (c.age_on(first) or 0) <= 17]
    if not aged:
        return 0
    child = rng.choice(aged)
    before = rng.randint(14, 28)
    services.measure_reading_record(
        actor=lead,
        case=case,
        measure=sdq,
        person=child,
        score=before,
        taken_on=first,
        occasion="before",
    )
    if last is None or last <= first:
        return 1
    services.measure_reading_record(
        actor=lead,
        case=case,
        measure=sdq,
        person=child,
        score=max(0, before - rng.randint(-2, 10)),
        taken_on=last,
        occasion="after",
    )
    return 2


@sends_no_email
def build(
    *, password: str = "", families: int = 0, stdout: Any = None, **_: object
) -> dict[str, int]:
    """Add assessments, readings, problems and measures to demo cases (idempotent)."""
    del password, families
    ensure_reference_data()
    today = timezone.localdate()
    star = StarType.objects.filter(is_default=True, is_active=True).first()
    sdq = MeasureType.objects.filter(short_name="SDQ total difficulties", is_active=True).first()
    managers: dict[int, User] = {}
    for m in (
        Membership.objects.active()
        .filter(role=Role.MANAGER, zone__isnull=False)
        .select_related("user")
        .order_by("id")
    ):
        managers.setdefault(m.zone_id or 0, m.user)
    todo = list(
        Case.objects.filter(state__in=STATES, lead_practitioner__isnull=False, zone__isnull=False)
        .exclude(Exists(Assessment.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(StarReading.objects.filter(case=OuterRef("pk"))))
        .select_related("family", "enquiry")
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
    users = {u.pk: u for u in User.objects.filter(pk__in={c.lead_practitioner_id for c in todo})}
    with connection.cursor() as cursor:  # demo data: no need to wait for each fsync
        cursor.execute("SET synchronous_commit TO OFF")
    made = {"assessments": 0, "star readings": 0, "problem progress": 0, "measures": 0}
    skipped = 0
    for n, case in enumerate(todo):
        case_moments = moments.get(case.pk, {})
        manager = managers.get(case.zone_id or 0)
        lead = users.get(case.lead_practitioner_id or 0)
        if manager is None or lead is None or "start_assessment" not in case_moments:
            skipped += 1
            continue
        rng = random.Random(SEED + case.pk)
        household = members.get(case.family_id, [])
        people = [hm.person for hm in household]
        adults = [p for p in people if p.date_of_birth and (p.age_on(today) or 0) >= 18]
        children = [p for p in people if p not in adults]
        enquiry = getattr(case, "enquiry", None)
        concerns = list(enquiry.concern_categories) if enquiry else []
        try:
            with transaction.atomic():  # a case is done whole or not at all
                made["assessments"] += _assessment(
                    case, lead, manager, case_moments, rng, concerns, today
                )
                count, first, last = (
                    _readings(case, lead, star, case_moments, rng, people, adults, today)
                    if star
                    else (0, None, None)
                )
                made["star readings"] += count
                made["problem progress"] += _progress(case, lead, last, rng)
                made["measures"] += _measures(case, lead, sdq, children, first, last, rng)
        except (ApplicationError, PermissionDenied):
            skipped += 1  # e.g. a lead who has since left their agency
        if stdout is not None and n and n % 250 == 0:
            stdout.write(f"  assessed {n} cases...")
    return {
        **made,
        "cases skipped": skipped,
        "assessments in all": Assessment.objects.count(),
        "readings in all": StarReading.objects.count(),
        "problems in all": AssessmentProblem.objects.count(),
        "progress in all": ProblemProgress.objects.count(),
        "measures in all": MeasureReading.objects.count(),
    }

"""Demo families for `manage.py seed_demo`: households at every stage of the journey.

Every family is built through cases.services, as the people of the demo partnership
(partners/demo.py) would build it, with decisions dated over the last two years so
every page and every scorecard measure has real numbers. Each family's data comes
from its own seeded random generator, so the same index always builds the same
family, and the builder only adds the families that are missing: running it twice
creates nothing new. All names are synthetic (Faker en_GB).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from cases import services
from cases.codes import SUGGESTED_CIN_CLOSURE_REASON, Ethnicity, Gender, Relationship, Sex
from cases.identifiers import nhs_check_digit, upn_check_letter
from cases.models import (
    AllocationMeeting,
    Case,
    CaseType,
    Decision,
    Family,
    NeedLevel,
    NoteVisibility,
)
from cases.reference_data import ensure_reference_data
from cases.services import PersonDetails
from cases.workflow_states import ScreeningOutcome, State
from cases.working_days import add_working_days
from partners import services as partner_services
from partners.demo import COUNCIL, EMAIL_DOMAIN, ZONES, email_for
from partners.models import Agency, FamilyHub, InformationSharingAgreement, User, Zone
from partners.roles import AgencyKind

SEED = 20260401
DAY = dt.timedelta(days=1)
MEETING_TIME = dt.time(10, 0)

DEFERRAL_REASONS = [
    "Waiting for the school's view before choosing the lead agency.",
    "The family asked to talk it over first; back to next week's meeting.",
    "No worker with capacity in the right team this week.",
]
FAMILY_PREFERENCES = [
    "",
    "",
    "Mum would like someone from the school she already knows.",
    "The family asked for a worker who speaks Urdu.",
    "Dad would prefer evening visits.",
]
REASSIGNMENT_REASONS = [
    "The family worker is leaving the team.",
    "The family asked for a different worker.",
    "Caseloads rebalanced across the team.",
]
EXIT_PLANS = [
    "Keep the morning and bedtime routines going; use the reward chart; keep the school "
    "attendance meetings going termly.",
    "Mum will keep going to the parenting group at the family hub and use the budgeting "
    "plan agreed with Citizens Advice.",
    "The family will keep in touch with the school's pastoral lead and the health visitor.",
]
EXIT_SUPPORT = [
    "The family hub's drop-in (Tuesdays and Thursdays), the school pastoral team, and the "
    "early help front door if things get harder.",
    "Health visitor, GP, the food bank and Citizens Advice; the front door number is on "
    "the fridge.",
]
FEEDBACK = [
    "It helped to have one person who joined it all up.",
    "We got help quickly and the plan made sense.",
    "It took a while to start, but it was worth it.",
    "",
]

CONCERNS = [
    (
        "school_attendance",
        "Attendance has dropped to {pct}% this term; {child} is often late "
        "and says they are too tired to come in.",
    ),
    (
        "emotional_wellbeing",
        "{child} has become withdrawn and anxious, and was upset in class "
        "twice this week. Parent worried about low mood at home.",
    ),
    (
        "parenting",
        "Parent says they are struggling with routines and bedtimes and would like "
        "support; the children's behaviour at home is hard to manage.",
    ),
    (
        "housing",
        "The family are in temporary accommodation with damp and overcrowding; a "
        "move is likely and the children may change school.",
    ),
    (
        "money",
        "Parent has lost their job and the family is using the food bank; rent "
        "arrears are building up.",
    ),
    (
        "domestic_abuse",
        "Police attended a domestic incident at the address; the children "
        "were present. Parent has agreed to talk to someone.",
    ),
    (
        "behaviour",
        "{child} has had two fixed-term exclusions for behaviour and is at risk "
        "of permanent exclusion.",
    ),
    (
        "early_years",
        "Health visitor concerned that {child}'s speech is delayed and the "
        "family is isolated since moving to the area.",
    ),
    (
        "substance_misuse",
        "Parent has disclosed drinking more to cope; school notices the children arrive hungry.",
    ),
    (
        "young_carer",
        "{child} is caring for a parent with a long-term illness and missing school to do it.",
    ),
]

NOTE_TEXTS = [
    "Home visit. Mum and the children at home. Talked through the morning routine and "
    "agreed to try the chart we made together.",
    "Phone call with the school: attendance is improving, 92% over the last fortnight.",
    "Met {child} at school. {child} said things at home are calmer and they like the new "
    "after-school club.",
    "Call from housing: a two-bedroom property is being offered next month.",
    "Text message from Dad to rearrange the visit; new date agreed.",
    "Joint visit with the health visitor. Development check booked.",
    "Family did not answer at the arranged visit. Left a card and sent a message.",
    "Supervision discussion: progress on the plan is good; review in four weeks.",
]

SENSITIVE_NOTES = [
    (
        "domestic_abuse",
        "Mum disclosed further controlling behaviour by her ex-partner. "
        "Safety plan reviewed; referral to the IDVA made with her agreement.",
    ),
    (
        "police_intelligence",
        "Police shared information about an incident near the "
        "address; no further action for the family at present.",
    ),
    (
        "sexual_health",
        "{child} asked for advice about sexual health services; signposted "
        "to the school nurse drop-in.",
    ),
]


@dataclass
class Cast:
    """The demo people who act on cases, looked up once."""

    council: Agency
    coordinators: dict[int, User]  # zone id -> coordinator
    managers: dict[int, User]
    family_workers: dict[int, list[User]]
    raisers: list[tuple[User, Agency]]
    agreement: InformationSharingAgreement
    partner_agencies: list[Agency]
    hubs: list[FamilyHub]
    social_care: Agency
    zones: dict[int, Zone] = field(default_factory=dict)
    social_workers: list[User] = field(default_factory=list)
    levels: dict[int, NeedLevel] = field(default_factory=dict)
    case_types: list[CaseType] = field(default_factory=list)
    meetings: dict[tuple[int, dt.date], AllocationMeeting] = field(default_factory=dict)


def _cast() -> Cast:
    users = {u.email: u for u in User.objects.filter(email__endswith=EMAIL_DOMAIN)}
    agencies = {a.name: a for a in Agency.objects.all()}
    council = agencies[COUNCIL]
    coordinators, managers, workers = {}, {}, {}
    hubs: list[FamilyHub] = []
    for index, (name, code, hub_names) in enumerate(ZONES):
        zone_hubs = list(
            FamilyHub.objects.filter(name__in=hub_names).select_related("zone").order_by("name")
        )
        hubs += zone_hubs
        zone_id = zone_hubs[0].zone_id
        coordinators[zone_id] = users[email_for(f"coordinator.{code}")]
        managers[zone_id] = users[email_for(f"manager.{code}")]
        workers[zone_id] = [users[email_for(f"family.worker.{code}{n}")] for n in (1, 2)]
        for offset, hub in enumerate(zone_hubs):
            partner_services.postcode_area_set(prefix=f"NB{index * 2 + offset + 1}", family_hub=hub)
        del name
    raiser_logins = [
        "school.pastoral1",
        "school.pastoral2",
        "school.pastoral3",
        "school.pastoral4",
        "school.pastoral5",
        "school.pastoral6",
        "school.pastoral7",
        "school.pastoral8",
        "health.visitor1",
        "health.visitor2",
        "school.nurse1",
        "police.officer2",
        "housing.officer1",
        "da.worker1",
        "camhs.worker",
        "nursery.lead1",
        "homevisiting.worker",
        "youth.worker",
        "social.worker1",
    ]
    raisers = []
    for login in raiser_logins:
        user = users[email_for(login)]
        membership = user.memberships.select_related("agency").first()
        assert membership is not None
        raisers.append((user, membership.agency))
    partner_agencies = [
        a for a in agencies.values() if a.kind not in (AgencyKind.COUNCIL_EARLY_HELP,)
    ]
    agreement = partner_services.sharing_agreement_get_or_create(
        name="Northborough Children's Partnership Information Sharing Agreement",
        reference="NCP-ISA-2024",
        agencies=agencies.values(),
        valid_from=dt.date(2024, 1, 1),
        summary="Sharing to safeguard and promote the welfare of children, including "
        "without consent where the DPA 2018 safeguarding condition applies.",
    )
    ensure_reference_data()
    social_care = next(a for a in agencies.values() if a.kind == AgencyKind.CHILDRENS_SOCIAL_CARE)
    return Cast(
        council,
        coordinators,
        managers,
        workers,
        raisers,
        agreement,
        partner_agencies,
        hubs,
        social_care,
        zones={hub.zone_id: hub.zone for hub in hubs},
        social_workers=[users[email_for(f"social.worker{n}")] for n in (1, 2)],
        levels={level.number: level for level in NeedLevel.objects.all()},
        case_types=list(CaseType.objects.filter(is_active=True).order_by("-is_default", "order")),
        meetings={
            (m.zone_id, m.held_on): m
            for m in AllocationMeeting.objects.filter(
                zone__isnull=False, created_by__email__endswith=EMAIL_DOMAIN
            ).select_related("zone")
            if m.zone_id is not None
        },
    )


def _nhs_number(rng: random.Random) -> str:
    while True:
        first_nine = f"{rng.randint(400_000_000, 799_999_999)}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"


def _upn(rng: random.Random) -> str:
    body = f"823{rng.randint(2000, 2999)}{rng.randint(10, 25)}{rng.randint(100, 999)}"
    return upn_check_letter(body) + body


class Clock:
    """Times of one case's decisions: office hours, never going backwards, never future."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last: dt.datetime | None = None

    def at(self, day: dt.date) -> dt.datetime:
        moment = timezone.make_aware(
            dt.datetime.combine(day, dt.time(self.rng.randint(9, 16), self.rng.randint(0, 59)))
        )
        if self.last is not None:
            moment = max(moment, self.last + dt.timedelta(minutes=1))
        moment = min(moment, timezone.now() - dt.timedelta(seconds=1))
        self.last = max(moment, self.last) if self.last else moment
        return self.last


def _later(day: dt.date, rng: random.Random, low: int, high: int, today: dt.date) -> dt.date:
    return min(add_working_days(day, rng.randint(low, high)), today)


def _household(
    rng: random.Random, fake: Faker, surname: str, today: dt.date
) -> list[PersonDetails]:
    people: list[PersonDetails] = []
    ethnicity = rng.choice(list(Ethnicity.values)[:18] + ["WBRI"] * 6 + ["NOBT", "REFU"])
    mum_dob = today - dt.timedelta(days=rng.randint(22 * 365, 45 * 365))
    people.append(
        PersonDetails(
            family_name=surname,
            given_names=fake.first_name_female(),
            relationship="parent",
            date_of_birth=mum_dob,
            sex=Sex.FEMALE,
            gender=Gender.FEMALE,
            ethnicity=ethnicity,
            nhs_number=_nhs_number(rng),
        )
    )
    if rng.random() < 0.55:
        people.append(
            PersonDetails(
                family_name=surname if rng.random() < 0.7 else fake.last_name(),
                given_names=fake.first_name_male(),
                relationship=rng.choice([Relationship.PARENT, Relationship.STEP_PARENT]),
                date_of_birth=mum_dob - dt.timedelta(days=rng.randint(-800, 2500)),
                sex=Sex.MALE,
                gender=Gender.MALE,
                ethnicity=ethnicity,
            )
        )
    for n in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4])):
        female = rng.random() < 0.5
        dob = today - dt.timedelta(days=rng.randint(200, 16 * 365))
        gender = rng.choice(
            [Gender.FEMALE if female else Gender.MALE] * 12 + [Gender.NOT_STATED, Gender.NEITHER]
        )
        people.append(
            PersonDetails(
                family_name=surname,
                given_names=fake.first_name_female() if female else fake.first_name_male(),
                relationship=Relationship.CHILD,
                date_of_birth=dob,
                sex=Sex.FEMALE if female else Sex.MALE,
                gender=gender,
                ethnicity=ethnicity if rng.random() < 0.95 else "NOBT",
                nhs_number=_nhs_number(rng) if rng.random() < 0.9 else "",
                upn=_upn(rng) if today.year - dob.year >= 5 and rng.random() < 0.8 else "",
                send=rng.random() < 0.12,
                enquiry_is_about=n == 0 or rng.random() < 0.5,
            )
        )
    if rng.random() < 0.04:
        people.append(
            PersonDetails(
                family_name=surname,
                given_names="Baby",
                relationship=Relationship.CHILD,
                expected_date_of_birth=today + dt.timedelta(days=rng.randint(20, 150)),
                enquiry_is_about=True,
            )
        )
    return people


def _target_state(rng: random.Random, age_days: int) -> str:
    if age_days < 8:
        return rng.choice(
            [
                State.ENQUIRY_RECEIVED,
                State.ENQUIRY_RECEIVED,
                State.SCREENING,
                State.AWAITING_ALLOCATION,
            ]
        )
    if age_days < 30:
        return rng.choice(
            [
                State.AWAITING_ALLOCATION,
                State.ALLOCATED,
                State.ALLOCATED,
                State.ASSESSMENT,
                State.ASSESSMENT,
            ]
        )
    if age_days < 120:
        return rng.choice([State.ASSESSMENT] + [State.PLAN_AND_REVIEW] * 6 + [State.CLOSING])
    if age_days < 365:
        return rng.choice([State.PLAN_AND_REVIEW] * 4 + [State.CLOSING] + [State.CLOSED] * 5)
    return rng.choice([State.PLAN_AND_REVIEW] + [State.CLOSED] * 9)


ORDER: list[str] = [
    State.ENQUIRY_RECEIVED,
    State.SCREENING,
    State.AWAITING_ALLOCATION,
    State.ALLOCATED,
    State.ASSESSMENT,
    State.PLAN_AND_REVIEW,
    State.CLOSING,
    State.CLOSED,
]


_FAKER: list[Faker] = []


def _faker() -> Faker:
    if not _FAKER:
        _FAKER.append(Faker("en_GB"))
    return _FAKER[0]


def _build_family(index: int, cast: Cast, today: dt.date) -> None:
    rng = random.Random(SEED + index)
    fake = _faker()
    fake.seed_instance(SEED + index)
    surname = fake.last_name()
    hub = rng.choice(cast.hubs)
    hub_index = cast.hubs.index(hub)
    raiser, raising_agency = rng.choice(cast.raisers)
    stepping_down = rng.random() < 0.06  # a family stepped down from children's social care
    if stepping_down:
        raiser, raising_agency = rng.choice(cast.social_workers), cast.social_care
    clock = Clock(rng)
    roll = rng.random()
    age = (
        rng.randint(0, 12)
        if roll < 0.1
        else rng.randint(12, 40)
        if roll < 0.22
        else int(rng.triangular(30, 730, 150))
    )
    received = today - dt.timedelta(days=age)
    while received.weekday() >= 5:
        received -= DAY
    family = services.family_create(
        actor=raiser,
        name=f"The {surname} family",
        address_line_1=fake.street_address(),
        town="Northborough",
        postcode=f"NB{hub_index + 1} {rng.randint(1, 9)}{fake.random_uppercase_letter()}"
        f"{fake.random_uppercase_letter()}",
        language=rng.choice(["English"] * 8 + ["Polish", "Urdu", "Romanian", "Arabic"]),
        interpreter_needed=rng.random() < 0.06,
    )
    people = [
        services.person_add_to_family(actor=raiser, family=family, details=d)
        for d in _household(rng, fake, surname, today)
    ]
    adults = [p for p in people if (p.age_on(today) or 0) >= 18]
    children = [p for p in people if p not in adults]
    subjects = children[: max(1, len(children) // 2)]
    category, text = rng.choice(CONCERNS)
    case = services.enquiry_create(
        actor=raiser,
        family=family,
        children=subjects,
        agency=raising_agency,
        concerns=text.format(child=subjects[0].known_as, pct=rng.randint(62, 88)),
        concern_categories=[category] + ([rng.choice(CONCERNS)[0]] if rng.random() < 0.5 else []),
        tried_before="School pastoral support and a referral to the school nurse."
        if rng.random() < 0.6
        else "",
        family_consent=rng.choice(["given"] * 9 + ["knows_not_agreed"]),
        urgency="urgent" if rng.random() < 0.15 else "routine",
        received_at=clock.at(received),
    )
    closed_on = _progress(case, rng, clock, cast, today, received, adults, children, stepping_down)
    if closed_on is not None and rng.random() < 0.12:
        _rereferral(case, rng, cast, today, closed_on, raiser, raising_agency, subjects)


def _meeting(cast: Cast, zone_id: int, day: dt.date, coordinator: User) -> AllocationMeeting:
    """The zone's weekly allocation meeting on `day`, recorded once."""
    key = (zone_id, day)
    if key not in cast.meetings:
        cast.meetings[key] = services.allocation_meeting_create(
            actor=coordinator,
            zone=cast.zones[zone_id],
            held_on=day,
            starts_at=MEETING_TIME,
            build_agenda=False,
        )
    return cast.meetings[key]


def _meeting_day(after: dt.date) -> dt.date:
    """The first Wednesday after `after` (allocation meetings are weekly, on Wednesdays)."""
    return after + dt.timedelta(days=(2 - after.weekday()) % 7 or 7)


def _at_meeting(clock: Clock, day: dt.date) -> dt.datetime:
    """Decisions at a meeting carry its time; the case's clock moves on to it."""
    moment = timezone.make_aware(dt.datetime.combine(day, MEETING_TIME))
    clock.last = max(clock.last or moment, moment)
    return moment


def _allocate_at_meetings(
    case: Case,
    rng: random.Random,
    clock: Clock,
    cast: Cast,
    today: dt.date,
    screened: dt.date,
    lead: User,
    lead_agency: Agency,
) -> tuple[str, Case, dt.date]:
    """Take the case to the zone's weekly meetings until one allocates it (or closes it).

    Returns what became of it ("allocated", "closed" or, while its next meeting is still
    to come, "waiting"), the case and the day.
    """
    zone_id = case.zone_id
    assert zone_id is not None
    coordinator = cast.coordinators[zone_id]
    day = _meeting_day(screened)
    deferrals = 1 if rng.random() < 0.15 else 0
    while day <= today:
        meeting = _meeting(cast, zone_id, day, coordinator)
        item = services.allocation_agenda_add(actor=coordinator, meeting=meeting, case=case)
        _at_meeting(clock, day)
        if deferrals:
            deferrals -= 1
            services.allocation_decide(
                actor=coordinator,
                item=item,
                decision=Decision.DEFER,
                expected_version=item.version,
                reason=rng.choice(DEFERRAL_REASONS),
            )
            day += dt.timedelta(days=7)
            continue
        if rng.random() < 0.05:
            closed = services.allocation_decide(
                actor=coordinator,
                item=item,
                decision=rng.choice([Decision.NO_FURTHER_ACTION, Decision.SIGNPOST]),
                expected_version=item.version,
                reason="The family's needs can be met by the family hub's universal offer.",
            )
            return "closed", closed.case, day
        decided = services.allocation_decide(
            actor=coordinator,
            item=item,
            decision=Decision.ALLOCATE,
            expected_version=item.version,
            lead_practitioner=lead,
            lead_agency=lead_agency,
            need_level=cast.levels[rng.choice([2, 3, 3, 3, 4])],
            case_type=cast.case_types[1] if rng.random() < 0.1 else cast.case_types[0],
            family_preference=rng.choice(FAMILY_PREFERENCES),
        )
        return "allocated", decided.case, day
    return "waiting", case, day


def _progress(
    case: Case,
    rng: random.Random,
    clock: Clock,
    cast: Cast,
    today: dt.date,
    received: dt.date,
    adults: list[Any],
    children: list[Any],
    stepping_down: bool = False,
) -> dt.date | None:
    """Take the case through its journey to its target state; the date it closed, if it did."""
    target = _target_state(rng, (today - received).days)
    zone_id = case.zone_id
    assert zone_id is not None
    coordinator, manager = cast.coordinators[zone_id], cast.managers[zone_id]
    if ORDER.index(target) < ORDER.index(State.SCREENING):
        return None
    day = _later(received, rng, 0, 2, today)
    if stepping_down:
        case = services.case_accept_step_down(
            actor=coordinator,
            case=case,
            details=services.StepDownDetails(
                social_care_reference=f"SC-{rng.randint(100000, 999999)}",
                social_care_closed_on=received - dt.timedelta(days=rng.randint(1, 10)),
            ),
            summary="Child in need plan ended: the family would benefit from continued "
            "support through early help.",
            at=clock.at(day),
        )
    else:
        if target == State.SCREENING:
            services.case_transition(
                actor=coordinator, case=case, name="start_screening", at=clock.at(day)
            )
            return None
        if rng.random() < 0.18:  # closed at the front door
            outcome = rng.choice(
                [
                    ScreeningOutcome.NO_FURTHER_ACTION,
                    ScreeningOutcome.SIGNPOST,
                    ScreeningOutcome.SINGLE_AGENCY,
                    ScreeningOutcome.STEP_UP,
                ]
            )
            services.case_screen(
                actor=coordinator,
                case=case,
                outcome=outcome,
                reason="Needs can be met without a multi-agency plan."
                if outcome != ScreeningOutcome.STEP_UP
                else "Significant harm concerns: referred to the MASH.",
                at=clock.at(day),
            )
            return day
        case = services.case_screen(
            actor=coordinator,
            case=case,
            outcome=ScreeningOutcome.EARLY_HELP_ASSESSMENT,
            reason="Several needs across the family; consent given.",
            at=clock.at(day),
        )
    if target == State.AWAITING_ALLOCATION:
        return None
    parent = adults[0] if adults else children[0]
    # The family's consent covers the agencies that will join the team around them.
    team_agencies = rng.sample(cast.partner_agencies, rng.randint(1, 3))
    consent = services.consent_record(
        actor=coordinator,
        case=case,
        decision="given",
        person=parent,
        agencies=team_agencies,
        decided_on=day,
        purposes="Early help assessment and family plan",
        review_on=day + dt.timedelta(days=365),
    )
    council_led = stepping_down or rng.random() < 0.65
    if council_led:
        lead_agency, lead = cast.council, rng.choice(cast.family_workers[zone_id])
    else:
        lead = case.enquiry.raised_by
        lead_agency = case.enquiry.raised_by_agency or cast.council
    became, case, day = _allocate_at_meetings(case, rng, clock, cast, today, day, lead, lead_agency)
    if became != "allocated":
        return day if became == "closed" else None
    _census_codes(case, rng, clock, coordinator, day)
    for agency in team_agencies:
        if agency.pk != lead_agency.pk:
            services.team_member_add(
                actor=lead,
                case=case,
                agency=agency,
                started_on=day,
                role_on_case=rng.choice(["", "Class teacher", "Key worker", "Health visitor"]),
            )
    if rng.random() < 0.3:
        services.case_share(
            actor=lead,
            case=case,
            agency=rng.choice(cast.partner_agencies),
            basis="consent",
            consent=consent,
            purpose="To coordinate support with the family",
        )
    if rng.random() < 0.05:
        police = next(a for a in cast.partner_agencies if a.kind == AgencyKind.POLICE)
        services.case_share(
            actor=lead,
            case=case,
            agency=police,
            basis="safeguarding",
            lawful_reason="Risk of significant harm from domestic abuse; "
            "seeking consent would increase the risk.",
            agreement=cast.agreement,
            purpose="Police safeguarding checks",
        )
    _notes(case, rng, lead, day, today, children)
    reached = ORDER.index(target)
    for name, low, high in (("start_assessment", 1, 8), ("start_plan", 10, 30)):
        step_target = State.ASSESSMENT if name == "start_assessment" else State.PLAN_AND_REVIEW
        if ORDER.index(step_target) > reached:
            return None
        day = _later(day, rng, low, high, today)
        case = services.case_transition(actor=lead, case=case, name=name, at=clock.at(day))
    lead = _midway_changes(case, rng, clock, cast, today, day, lead, lead_agency)
    if ORDER.index(State.CLOSING) > reached:
        return None
    return _close(case, rng, clock, cast, today, day, lead, manager, target)


def _midway_changes(
    case: Case,
    rng: random.Random,
    clock: Clock,
    cast: Cast,
    today: dt.date,
    day: dt.date,
    lead: User,
    lead_agency: Agency,
) -> User:
    """While the plan runs: some cases change lead practitioner, a few step across to the
    multi-agency child protection team. Returns the lead practitioner afterwards."""
    zone_id = case.zone_id
    assert zone_id is not None
    if lead_agency == cast.council and rng.random() < 0.12:
        others = [w for w in cast.family_workers[zone_id] if w.pk != lead.pk]
        change_day = _later(day, rng, 5, 20, today)
        case = services.lead_practitioner_change(
            actor=cast.coordinators[zone_id],
            case=case,
            lead_practitioner=others[0],
            lead_agency=cast.council,
            reason=rng.choice(REASSIGNMENT_REASONS),
            at=clock.at(change_day),
        )
        lead = others[0]
    if rng.random() < 0.04:
        across = _later(day, rng, 3, 15, today)
        clock.at(across)
        services.case_step_across(
            actor=lead,
            case=case,
            agency=cast.social_care,
            practitioner=rng.choice(cast.social_workers),
            reason="Strategy discussion after a disclosure: a child protection enquiry "
            "under section 47; the family help lead practitioner stays involved.",
            stepped_across_on=across,
        )
    return lead


def _close(
    case: Case,
    rng: random.Random,
    clock: Clock,
    cast: Cast,
    today: dt.date,
    day: dt.date,
    lead: User,
    manager: User,
    target: str,
) -> dt.date | None:
    """Propose closure (sometimes returned once), then sign it off or step up."""
    if target == State.CLOSED and rng.random() < 0.08:
        day = _later(day, rng, 20, 120, today)
        services.case_step_up(
            actor=manager,
            case=case,
            reason="Concerns escalated: referred to children's social care.",
            closing_level=cast.levels[4],
            at=clock.at(day),
        )
        return day
    allocated_level = case.allocation_level.number if case.allocation_level else 3
    returned = rng.random() < 0.08
    for attempt in range(2 if returned else 1):
        day = _later(day, rng, 40 if attempt == 0 else 10, 160 if attempt == 0 else 30, today)
        helpful = rng.random()
        reason = rng.choice(["needs_met"] * 6 + ["family_declined", "moved_away", "other"])
        services.case_closure_propose(
            actor=lead,
            case=case,
            reason=reason,
            reason_detail={
                "other": "The children now live with their grandparents, who have support.",
                "moved_away": "The family moved out of the area; their new council knows.",
            }.get(reason, ""),
            exit_plan=rng.choice(EXIT_PLANS),
            exit_support=rng.choice(EXIT_SUPPORT),
            closing_level=cast.levels[max(1, allocated_level - rng.choice([0, 1, 1, 1, 2]))],
            timely_and_helpful=None if helpful < 0.08 else helpful < 0.85,
            feedback_comments=rng.choice(FEEDBACK),
            about_lead_practitioner=rng.choice(["", "", "She always called back.", ""]),
            at=clock.at(day),
        )
        if target != State.CLOSED and attempt == (1 if returned else 0):
            return None  # waiting for sign-off
        day = _later(day, rng, 1, 10, today)
        if returned and attempt == 0:
            services.case_closure_return(
                actor=manager,
                case=case,
                comments="Please make sure the school knows the plan before we close.",
                at=clock.at(day),
            )
            continue
        services.case_closure_sign_off(actor=manager, case=case, at=clock.at(day))
        _census_codes(case, rng, clock, manager, day, closure_reason=reason)
        return day
    return None


def _census_codes(
    case: Case,
    rng: random.Random,
    clock: Clock,
    actor: User,
    day: dt.date,
    closure_reason: str | None = None,
) -> None:
    """Section 17 episodes get their census codes, most of them: a few are left for the
    data quality page to find."""
    fresh = Case.objects.select_related("case_type").get(pk=case.pk)
    if not (fresh.case_type and fresh.case_type.cin_census) or rng.random() < 0.1:
        return
    services.case_return_codes_record(
        actor=actor,
        case=fresh,
        version=fresh.version,
        primary_need=None
        if closure_reason
        else rng.choice(["N1", "N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8"]),
        closure_reason=SUGGESTED_CIN_CLOSURE_REASON.get(closure_reason, "RC7")
        if closure_reason
        else None,
        at=clock.at(day),
    )


def _rereferral(
    case: Case,
    rng: random.Random,
    cast: Cast,
    today: dt.date,
    closed_on: dt.date,
    raiser: User,
    agency: Agency,
    subjects: list[Any],
) -> None:
    """A new enquiry for the same family within 12 months of closure (a re-referral)."""
    day = closed_on + dt.timedelta(days=rng.randint(20, 330))
    if day >= today:
        return
    clock = Clock(rng)
    again = services.enquiry_create(
        actor=raiser,
        family=case.family,
        children=subjects,
        agency=agency,
        concerns="Things have become difficult again since the case closed: attendance "
        "has dropped and mum is asking for help.",
        concern_categories=["school_attendance", "parenting"],
        family_consent="given",
        received_at=clock.at(day),
    )
    zone_id = again.zone_id
    assert zone_id is not None
    if (today - day).days > 14:
        services.case_screen(
            actor=cast.coordinators[zone_id],
            case=again,
            outcome=rng.choice([ScreeningOutcome.SIGNPOST, ScreeningOutcome.SINGLE_AGENCY]),
            reason="Known to early help: signposted to the family hub's drop-in.",
            at=clock.at(_later(day, rng, 1, 3, today)),
        )


def _notes(
    case: Case, rng: random.Random, lead: User, start: dt.date, today: dt.date, children: list[Any]
) -> None:
    child = children[0].known_as if children else "the child"
    day = start
    for _ in range(rng.randint(2, 7)):
        day = min(day + dt.timedelta(days=rng.randint(3, 25)), today)
        if rng.random() < 0.12:
            category, text = rng.choice(SENSITIVE_NOTES)
            services.note_add(
                actor=lead,
                case=case,
                note_type="call",
                contact_date=day,
                text=text.format(child=child),
                sensitive_category=category,
            )
        else:
            visibility = rng.choice([NoteVisibility.EVERYONE] * 5 + [NoteVisibility.LEAD_AGENCY])
            services.note_add(
                actor=lead,
                case=case,
                note_type=rng.choice(["visit", "call", "meeting", "message"]),
                contact_date=day,
                visibility=visibility,
                text=rng.choice(NOTE_TEXTS).format(child=child),
            )


def demo_family_count() -> int:
    """How many demo families there are: those created by the demo borough's staff."""
    return Family.objects.filter(created_by__email__endswith=EMAIL_DOMAIN).count()


def build(*, families: int = 2000, stdout: Any = None, **_: object) -> dict[str, int]:
    """Build demo families up to `families` in number (idempotent)."""
    cast = _cast()
    today = timezone.localdate()
    existing = demo_family_count()
    with connection.cursor() as cursor:  # demo data: no need to wait for each fsync
        cursor.execute("SET synchronous_commit TO OFF")
    for index in range(existing, families):
        with transaction.atomic():  # a family is built whole or not at all
            _build_family(index, cast, today)
        if stdout is not None and index and index % 250 == 0:
            stdout.write(f"  {index} families...")
    return {
        "families": Family.objects.count(),
        "cases": Case.objects.count(),
        "open cases": Case.objects.open().count(),
    }

"""The people of the demo partnership who build the families, the demo's clock, and the
households and states each family is drawn with.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone
from faker import Faker

from cases.codes import Ethnicity, Gender, Relationship, Sex
from cases.identifiers import nhs_check_digit, upn_check_letter
from cases.models import AllocationMeeting, CaseType, NeedLevel
from cases.reference_data import ensure_reference_data
from cases.services import PersonDetails
from cases.workflow_states import State
from cases.working_days import add_working_days
from partners import services as partner_services
from partners.demo import COUNCIL, EMAIL_DOMAIN, FAMILY_WORKERS_PER_ZONE, ZONES, email_for
from partners.models import Agency, FamilyHub, InformationSharingAgreement, User, Zone
from partners.roles import AgencyKind


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
        workers[zone_id] = [
            users[email_for(f"family.worker.{code}{n}")]
            for n in range(1, FAMILY_WORKERS_PER_ZONE + 1)
        ]
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
        # Most early help plans end within six to nine months.
        return rng.choice([State.PLAN_AND_REVIEW] * 2 + [State.CLOSING] + [State.CLOSED] * 7)
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

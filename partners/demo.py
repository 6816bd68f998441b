"""Demo partnership for `manage.py seed_demo`: a believable, entirely fictional borough.

Zones and family hubs, about thirty agencies of every kind and about ninety staff in
every role. Names come from Faker (en_GB) with a fixed seed, so every run builds the
same people; everything is created through partners.services and is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from faker import Faker

from partners import services
from partners.models import Agency, User, Zone
from partners.roles import AgencyKind, Role

EMAIL_DOMAIN = "northborough.example"

ZONES = [
    ("North", "north", ["Hillside Family Hub", "Moorfield Family Hub"]),
    ("South", "south", ["Riverside Family Hub", "Southgate Family Hub"]),
    ("East", "east", ["Eastbrook Family Hub", "Mill Lane Family Hub"]),
    ("West", "west", ["Westfield Family Hub", "Oakwood Family Hub"]),
    ("Central", "central", ["Town Centre Family Hub", "Station Road Family Hub"]),
]

# (agency name, kind, zone codes it serves; empty = every zone)
AGENCIES: list[tuple[str, AgencyKind, list[str]]] = [
    ("Northborough Council Early Help", AgencyKind.COUNCIL_EARLY_HELP, []),
    ("Northborough Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE, []),
    ("Hillside Primary School", AgencyKind.SCHOOL, ["north"]),
    ("Moorfield Academy", AgencyKind.SCHOOL, ["north"]),
    ("Riverside Primary School", AgencyKind.SCHOOL, ["south"]),
    ("Southgate High School", AgencyKind.SCHOOL, ["south"]),
    ("Eastbrook Infant and Junior School", AgencyKind.SCHOOL, ["east"]),
    ("Westfield Community College", AgencyKind.SCHOOL, ["west"]),
    ("Oakwood Primary School", AgencyKind.SCHOOL, ["west"]),
    ("St Anne's Church of England Primary", AgencyKind.SCHOOL, ["central"]),
    ("Little Acorns Nursery", AgencyKind.EARLY_YEARS, ["east", "central"]),
    ("Rainbow Day Nursery", AgencyKind.EARLY_YEARS, ["north", "south"]),
    ("Northborough Health Visiting Service", AgencyKind.HEALTH_VISITING, []),
    ("Northborough School Nursing Service", AgencyKind.SCHOOL_NURSING, []),
    ("Mill Lane Medical Practice", AgencyKind.GP, ["east"]),
    ("Riverside Surgery", AgencyKind.GP, ["south"]),
    ("Station Road Health Centre", AgencyKind.GP, ["central", "west"]),
    ("Northborough CAMHS", AgencyKind.MENTAL_HEALTH, []),
    ("Northborough Police Safer Neighbourhoods", AgencyKind.POLICE, []),
    ("Northborough Youth Justice Service", AgencyKind.YOUTH_JUSTICE, []),
    ("Northborough Homes", AgencyKind.HOUSING, []),
    ("Safe Haven Domestic Abuse Service", AgencyKind.DOMESTIC_ABUSE, []),
    ("Pathways Recovery Service", AgencyKind.SUBSTANCE_MISUSE, []),
    ("Jobcentre Plus Northborough", AgencyKind.JOBCENTRE, []),
    ("Home Visiting Family Support", AgencyKind.VOLUNTARY, ["north", "east"]),
    ("Northborough Citizens Advice", AgencyKind.VOLUNTARY, []),
    ("Open Door Food Bank", AgencyKind.VOLUNTARY, ["central", "south"]),
    ("Northborough Young People's Trust", AgencyKind.VOLUNTARY, ["west", "central"]),
    ("Parent Carer Forum", AgencyKind.VOLUNTARY, []),
    ("Northborough Adult Learning", AgencyKind.OTHER, []),
]

COUNCIL = "Northborough Council Early Help"
# The agencies that run the early help service: their coordinators and managers oversee
# the zones. Every other agency's managers (health.manager, social.care.manager) oversee
# their own staff and the cases their agency is part of.
SERVICE_AGENCIES = frozenset({COUNCIL})
# Agencies that take part in families' teams but do not lead them: social care steps
# families down to early help rather than leading early help itself, and these others
# contribute a service (advice, food, a GP's knowledge) rather than a lead practitioner.
NOT_LEADING_AGENCIES = frozenset(
    {
        "Northborough Children's Social Care",
        "Northborough Police Safer Neighbourhoods",
        "Mill Lane Medical Practice",
        "Riverside Surgery",
        "Station Road Health Centre",
        "Jobcentre Plus Northborough",
        "Northborough Citizens Advice",
        "Open Door Food Bank",
        "Parent Carer Forum",
        "Northborough Adult Learning",
    }
)


# Each zone's council family support team: enough family workers for the zone's open
# cases to sit within their case limits (18 each by default), as a real team's would.
FAMILY_WORKERS_PER_ZONE = 8


@dataclass(frozen=True)
class DemoPerson:
    login: str  # the part before @; stable, readable
    agency: str
    role: Role
    job_title: str
    zone: str | None = None


def _people() -> list[DemoPerson]:
    people: list[DemoPerson] = [
        DemoPerson("admin", COUNCIL, Role.SYSTEM_ADMIN, "Systems administrator"),
        DemoPerson("admin.deputy", COUNCIL, Role.SYSTEM_ADMIN, "Systems officer"),
        DemoPerson("strategic.lead", COUNCIL, Role.STRATEGIC_LEAD, "Head of Early Help"),
        DemoPerson(
            "information.governance",
            COUNCIL,
            Role.INFORMATION_GOVERNANCE,
            "Information governance officer",
        ),
        DemoPerson(
            "board.member",
            "Northborough Police Safer Neighbourhoods",
            Role.STRATEGIC_LEAD,
            "Partnership board member",
        ),
    ]
    for _name, code, _hubs in ZONES:
        people.append(
            DemoPerson(
                f"coordinator.{code}",
                COUNCIL,
                Role.COORDINATOR,
                "Early help coordinator",
                zone=code,
            )
        )
        people.append(
            DemoPerson(
                f"manager.{code}", COUNCIL, Role.MANAGER, "Early help team manager", zone=code
            )
        )
        for n in (1, 2):
            people.append(
                DemoPerson(
                    f"family.worker.{code}{n}",
                    COUNCIL,
                    Role.PRACTITIONER,
                    "Family support worker",
                    zone=code,
                )
            )
    schools = [a for a in AGENCIES if a[1] == AgencyKind.SCHOOL]
    for i, (name, _kind, _zones) in enumerate(schools, start=1):
        people.append(DemoPerson(f"school.pastoral{i}", name, Role.PRACTITIONER, "Pastoral lead"))
    people += [
        DemoPerson(
            "school.admin1",
            "Hillside Primary School",
            Role.AGENCY_ADMIN,
            "School business manager",
        ),
        DemoPerson(
            "school.viewer1",
            "Hillside Primary School",
            Role.PARTNER_VIEWER,
            "Designated safeguarding lead",
        ),
        DemoPerson(
            "health.visitor1",
            "Northborough Health Visiting Service",
            Role.PRACTITIONER,
            "Health visitor",
        ),
        DemoPerson(
            "health.visitor2",
            "Northborough Health Visiting Service",
            Role.PRACTITIONER,
            "Health visitor",
        ),
        DemoPerson(
            "health.manager",
            "Northborough Health Visiting Service",
            Role.MANAGER,
            "Health visiting team leader",
        ),
        DemoPerson(
            "school.nurse1",
            "Northborough School Nursing Service",
            Role.PRACTITIONER,
            "School nurse",
        ),
        DemoPerson(
            "school.nurse2",
            "Northborough School Nursing Service",
            Role.PRACTITIONER,
            "School nurse",
        ),
        DemoPerson(
            "gp.viewer", "Mill Lane Medical Practice", Role.PARTNER_VIEWER, "Safeguarding lead GP"
        ),
        DemoPerson("gp.riverside", "Riverside Surgery", Role.PARTNER_VIEWER, "Practice nurse"),
        DemoPerson(
            "camhs.worker", "Northborough CAMHS", Role.PRACTITIONER, "Mental health practitioner"
        ),
        DemoPerson(
            "police.officer1",
            "Northborough Police Safer Neighbourhoods",
            Role.PARTNER_VIEWER,
            "Police community support officer",
        ),
        DemoPerson(
            "police.officer2",
            "Northborough Police Safer Neighbourhoods",
            Role.PRACTITIONER,
            "Early intervention officer",
        ),
        DemoPerson(
            "youth.justice",
            "Northborough Youth Justice Service",
            Role.PRACTITIONER,
            "Youth justice worker",
        ),
        DemoPerson(
            "housing.officer1", "Northborough Homes", Role.PRACTITIONER, "Tenancy support officer"
        ),
        DemoPerson(
            "housing.officer2", "Northborough Homes", Role.PARTNER_VIEWER, "Housing officer"
        ),
        DemoPerson(
            "da.worker1",
            "Safe Haven Domestic Abuse Service",
            Role.PRACTITIONER,
            "Independent domestic violence adviser",
        ),
        DemoPerson(
            "da.worker2",
            "Safe Haven Domestic Abuse Service",
            Role.PRACTITIONER,
            "Children and young people's worker",
        ),
        DemoPerson(
            "recovery.worker", "Pathways Recovery Service", Role.PRACTITIONER, "Recovery worker"
        ),
        DemoPerson(
            "jobcentre.adviser", "Jobcentre Plus Northborough", Role.PRACTITIONER, "Work coach"
        ),
        DemoPerson(
            "homevisiting.worker",
            "Home Visiting Family Support",
            Role.PRACTITIONER,
            "Family volunteer coordinator",
        ),
        DemoPerson(
            "cab.adviser", "Northborough Citizens Advice", Role.PARTNER_VIEWER, "Debt adviser"
        ),
        DemoPerson("foodbank.lead", "Open Door Food Bank", Role.PARTNER_VIEWER, "Project lead"),
        DemoPerson(
            "youth.worker", "Northborough Young People's Trust", Role.PRACTITIONER, "Youth worker"
        ),
        DemoPerson("carer.forum", "Parent Carer Forum", Role.PARTNER_VIEWER, "Participation lead"),
        DemoPerson("nursery.lead1", "Little Acorns Nursery", Role.PRACTITIONER, "Nursery manager"),
        DemoPerson(
            "nursery.lead2",
            "Rainbow Day Nursery",
            Role.PRACTITIONER,
            "Special educational needs coordinator",
        ),
        DemoPerson(
            "social.worker1",
            "Northborough Children's Social Care",
            Role.PRACTITIONER,
            "Social worker",
        ),
        DemoPerson(
            "social.worker2",
            "Northborough Children's Social Care",
            Role.PRACTITIONER,
            "Lead child protection practitioner",
        ),
        DemoPerson(
            "social.care.manager",
            "Northborough Children's Social Care",
            Role.MANAGER,
            "Team manager",
        ),
        DemoPerson(
            "adult.learning",
            "Northborough Adult Learning",
            Role.PARTNER_VIEWER,
            "Family learning tutor",
        ),
        DemoPerson("auditor", COUNCIL, Role.MANAGER, "Quality assurance lead"),
        DemoPerson(
            "leaver", COUNCIL, Role.PRACTITIONER, "Family support worker (left)", zone="north"
        ),
    ]
    # The rest of each zone's family support team, after everyone else so that the
    # people above keep the names an earlier version of the demo gave them.
    for _name, code, _hubs in ZONES:
        for n in range(3, FAMILY_WORKERS_PER_ZONE + 1):
            people.append(
                DemoPerson(
                    f"family.worker.{code}{n}",
                    COUNCIL,
                    Role.PRACTITIONER,
                    "Family support worker",
                    zone=code,
                )
            )
    return people


DEMO_PEOPLE = _people()

# Shown by `make run` and on the sign-in page in development: one login per role.
HEADLINE_LOGINS = [
    ("coordinator.north", "Early help coordinator, North zone"),
    ("family.worker.north1", "Lead practitioner (council family worker)"),
    ("school.pastoral1", "Lead practitioner (school pastoral lead)"),
    ("manager.north", "Manager, North zone"),
    ("police.officer1", "Partner viewer (police)"),
    ("strategic.lead", "Strategic lead (aggregates only)"),
    ("school.admin1", "Agency administrator (invites the school's staff)"),
    ("admin", "System administrator"),
]


def email_for(login: str) -> str:
    return f"{login}@{EMAIL_DOMAIN}"


def build(*, password: str, **_: object) -> dict[str, int]:
    """Create the demo partnership (idempotent). Returns counts of what exists."""
    from django.contrib.auth.hashers import make_password

    password_hash = make_password(password)  # hashed once: every demo user shares it
    fake = Faker("en_GB")
    Faker.seed(20240401)
    zones: dict[str, Zone] = {}
    for name, code, hubs in ZONES:
        zone = services.zone_get_or_create(name=name, code=code)
        zones[code] = zone
        for hub in hubs:
            services.family_hub_get_or_create(name=hub, zone=zone, postcode=fake.postcode())
    agencies: dict[str, Agency] = {}
    for name, kind, codes in AGENCIES:
        served = [zones[c] for c in codes] if codes else list(zones.values())
        agencies[name] = services.agency_get_or_create(
            name=name,
            kind=kind,
            zones=served,
            runs_service=name in SERVICE_AGENCIES,
            may_lead_cases=name not in NOT_LEADING_AGENCIES,
            email=f"{name.lower().replace(' ', '.').replace(chr(39), '')}@{EMAIL_DOMAIN}",
        )
    for person in DEMO_PEOPLE:
        user: User = services.user_get_or_create(
            email=email_for(person.login),
            full_name=fake.name(),
            job_title=person.job_title,
            password_hash=password_hash,
            is_staff=person.role == Role.SYSTEM_ADMIN,
        )
        if person.login == "leaver" and user.memberships.exists():
            continue  # left the agency on an earlier run; keep that history as it is
        membership = services.membership_grant(
            user=user,
            agency=agencies[person.agency],
            role=person.role,
            zone=zones[person.zone] if person.zone else None,
        )
        if person.login == "leaver":
            services.membership_end(membership=membership)
    return {
        "zones": len(zones),
        "agencies": len(agencies),
        "users": len(DEMO_PEOPLE),
    }

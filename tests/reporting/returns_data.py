"""A small borough built by hand for the returns tests (synthetic people only).

The inspection is on 15 June 2026, so the lists cover 15 December 2025 to 15 June 2026.

- The Mensahs (zone North): the school's enquiry on 10 January 2026 about Ama (born
  15 June 2016: ten on the inspection day), Kofi (born 16 June 2016: still nine) and an
  unborn baby (due 1 August 2026); allocated to the council on 20 January, assessment
  started 1 February and not yet signed off (sections for Ama and Kofi).
- The Clarkes: an intervention from August 2025 still open; assessment started 10
  September 2025 and signed off 1 October 2025; Lily, born 3 March 2012. Their case is
  Family Help under section 17 (census codes recorded: primary need N4).
- The Dunns: a case closed on 1 November 2025, before the window: on neither list.
- The Boatengs: an enquiry on 14 December 2025 (a day before the window) closed at
  screening, and a new one on the inspection day itself, from Yaw's aunt (source 1A).
- The Evanses: an enquiry on 3 March 2026 from an agency whose kind has no contact
  source (blank source); Mia's ethnicity, gender and sex are not recorded.
- The Fosters, in another zone: an enquiry on 1 April 2026 the coordinator cannot see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assessments.models import Assessment, AssessmentSection
from cases.models import (
    Case,
    CaseTeamMember,
    CaseType,
    ContactSourceMapping,
    Family,
    LeadPractitionerAssignment,
    Person,
    PersonIdentifier,
)
from cases.workflow_states import ClosureReason, ScreeningOutcome, State
from partners.models import Agency, User, Zone
from partners.roles import AgencyKind, Role
from tests.cases.factories import FamilyFactory, HouseholdMemberFactory, PersonFactory
from tests.partners.factories import AgencyFactory, FamilyHubFactory, ZoneFactory, member
from tests.reporting.scorecard_data import at, journey

INSPECTION = dt.date(2026, 6, 15)
NHS_AMA = "9434765919"
UPN_AMA = "A123456789012"


@dataclass
class Borough:
    zone: Zone
    council: Agency
    school: Agency
    unmapped: Agency
    coordinator: User
    manager: User
    strategic_lead: User
    worker: User
    teacher: User
    mensah: Case
    clarke: Case
    dunn: Case
    boateng_earlier: Case
    boateng: Case
    evans: Case
    foster: Case
    ama: Person
    kofi: Person
    baby: Person
    lily: Person
    yaw: Person
    mia: Person
    zara: Person
    family_help: CaseType


def _child(family: Family, **fields: object) -> Person:
    person = PersonFactory(**fields)
    HouseholdMemberFactory(family=family, person=person, joined_on=dt.date(2010, 1, 1))
    return person


def _assessment(
    case: Case, *, started: dt.date, signed_off: dt.date | None, children: list[Person], by: User
) -> Assessment:
    assessment = Assessment.objects.create(
        case=case,
        number=1,
        state="signed_off" if signed_off else "draft",
        started_at=at(started),
        started_by=by,
        signed_off_at=at(signed_off) if signed_off else None,
        signed_off_by=by if signed_off else None,
        organisation=case.lead_agency,
    )
    for child in children:
        AssessmentSection.objects.create(
            assessment=assessment,
            key=f"child-{child.pk}",
            kind="child",
            person=child,
            updated_by=by,
        )
    return assessment


def build_borough() -> Borough:
    zone = ZoneFactory(name="North", code="north")
    hub = FamilyHubFactory(zone=zone, name="North Family Hub")
    other_hub = FamilyHubFactory(name="South Family Hub")
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Northborough Early Help")
    council.zones.add(zone)
    school = AgencyFactory(kind=AgencyKind.SCHOOL, name="Hillside Primary")
    ContactSourceMapping.objects.filter(agency_kind=AgencyKind.OTHER).delete()
    unmapped = AgencyFactory(kind=AgencyKind.OTHER, name="Riverside Family Project")
    coordinator = member(Role.COORDINATOR, agency=council)
    manager = member(Role.MANAGER, agency=council)
    strategic_lead = member(Role.STRATEGIC_LEAD, agency=council)
    worker = member(Role.PRACTITIONER, agency=council)
    teacher = member(Role.PRACTITIONER, agency=school)
    family_help = CaseType.objects.get(cin_census=True)

    mensah_family = FamilyFactory(surname="Mensah", family_hub=hub)
    ama = _child(
        mensah_family,
        given_names="Ama",
        family_name="Mensah",
        date_of_birth=dt.date(2016, 6, 15),
        sex="F",
        gender="female",
        ethnicity="BAFR",
    )
    kofi = _child(
        mensah_family,
        given_names="Kofi",
        family_name="Mensah",
        date_of_birth=dt.date(2016, 6, 16),
        sex="M",
        gender="male",
        ethnicity="MWBA",
    )
    baby = _child(
        mensah_family,
        given_names="Baby",
        family_name="Mensah",
        date_of_birth=None,
        expected_date_of_birth=dt.date(2026, 8, 1),
    )
    PersonIdentifier.objects.create(
        person=ama, type="nhs_number", value=NHS_AMA, valid_from=dt.date(2016, 6, 20)
    )
    PersonIdentifier.objects.create(
        person=ama, type="upn", value=UPN_AMA, valid_from=dt.date(2020, 9, 1)
    )
    mensah = journey(
        received=dt.date(2026, 1, 10),
        steps={"allocate": dt.date(2026, 1, 20), "start_assessment": dt.date(2026, 2, 1)},
        raised_by_agency=school,
        family=mensah_family,
        state=State.ASSESSMENT,
        lead_agency=council,
        lead_practitioner=worker,
        screening_outcome=ScreeningOutcome.EARLY_HELP_ASSESSMENT,
    )
    mensah.enquiry.children.set([ama, kofi, baby])
    mensah.enquiry.concern_categories = ["school_attendance", "parenting"]
    mensah.enquiry.save()
    LeadPractitionerAssignment.objects.create(
        case=mensah,
        user=worker,
        agency=council,
        started_at=at(dt.date(2026, 1, 20)),
        assigned_by=coordinator,
    )
    CaseTeamMember.objects.create(
        case=mensah,
        agency=school,
        user=teacher,
        role_on_case="Class teacher",
        started_on=dt.date(2026, 1, 20),
        added_by=coordinator,
    )
    _assessment(
        mensah, started=dt.date(2026, 2, 1), signed_off=None, children=[ama, kofi], by=worker
    )

    clarke_family = FamilyFactory(surname="Clarke", family_hub=hub)
    lily = _child(
        clarke_family,
        given_names="Lily",
        family_name="Clarke",
        date_of_birth=dt.date(2012, 3, 3),
        sex="F",
        gender="female",
        ethnicity="WBRI",
    )
    clarke = journey(
        received=dt.date(2025, 8, 20),
        steps={"allocate": dt.date(2025, 9, 1), "start_assessment": dt.date(2025, 9, 10)},
        family=clarke_family,
        lead_agency=council,
        lead_practitioner=worker,
        case_type=family_help,
        cin_primary_need="N4",
        screening_outcome=ScreeningOutcome.EARLY_HELP_ASSESSMENT,
    )
    clarke.enquiry.children.set([lily])
    clarke.enquiry.contact_source = "3B"
    clarke.enquiry.save()
    _assessment(
        clarke,
        started=dt.date(2025, 9, 10),
        signed_off=dt.date(2025, 10, 1),
        children=[lily],
        by=worker,
    )

    dunn_family = FamilyFactory(surname="Dunn", family_hub=hub)
    dunn_child = _child(dunn_family, given_names="Sam", family_name="Dunn")
    dunn = journey(
        received=dt.date(2025, 5, 1),
        steps={"allocate": dt.date(2025, 5, 10), "close": dt.date(2025, 11, 1)},
        family=dunn_family,
        state=State.CLOSED,
        closed_on=dt.date(2025, 11, 1),
        closure_reason=ClosureReason.NEEDS_MET,
        lead_agency=council,
    )
    dunn.enquiry.children.set([dunn_child])
    _assessment(
        dunn, started=dt.date(2025, 5, 15), signed_off=None, children=[dunn_child], by=worker
    )

    boateng_family = FamilyFactory(surname="Boateng", family_hub=hub)
    yaw = _child(
        boateng_family,
        given_names="Yaw",
        family_name="Boateng",
        date_of_birth=dt.date(2014, 11, 30),
        sex="M",
        gender="male",
        ethnicity="BOTH",
    )
    boateng_earlier = journey(
        received=dt.date(2025, 12, 14),
        steps={"close_at_screening": dt.date(2025, 12, 16)},
        family=boateng_family,
        state=State.CLOSED,
        closed_on=dt.date(2025, 12, 16),
        screening_outcome=ScreeningOutcome.SIGNPOST,
        closure_reason=ScreeningOutcome.SIGNPOST,
    )
    boateng_earlier.enquiry.children.set([yaw])
    boateng = journey(
        received=INSPECTION,
        family=boateng_family,
        state=State.ENQUIRY_RECEIVED,
    )
    boateng.enquiry.children.set([yaw])
    boateng.enquiry.contact_source = "1A"
    boateng.enquiry.save()

    evans_family = FamilyFactory(surname="Evans", family_hub=hub)
    mia = _child(
        evans_family,
        given_names="Mia",
        family_name="Evans",
        date_of_birth=dt.date(2019, 1, 1),
        sex="U",
        gender="not_stated",
        ethnicity="NOBT",
    )
    evans = journey(
        received=dt.date(2026, 3, 3),
        steps={"close_at_screening": dt.date(2026, 3, 5)},
        raised_by_agency=unmapped,
        family=evans_family,
        state=State.CLOSED,
        closed_on=dt.date(2026, 3, 5),
        screening_outcome=ScreeningOutcome.NO_FURTHER_ACTION,
        closure_reason=ScreeningOutcome.NO_FURTHER_ACTION,
    )
    evans.enquiry.children.set([mia])
    evans.enquiry.contact_source = ""
    evans.enquiry.save()

    foster_family = FamilyFactory(surname="Foster", family_hub=other_hub)
    zara = _child(foster_family, given_names="Zara", family_name="Foster", ethnicity="WBRI")
    foster = journey(received=dt.date(2026, 4, 1), family=foster_family, state=State.SCREENING)
    foster.enquiry.children.set([zara])

    return Borough(
        zone=zone,
        council=council,
        school=school,
        unmapped=unmapped,
        coordinator=coordinator,
        manager=manager,
        strategic_lead=strategic_lead,
        worker=worker,
        teacher=teacher,
        mensah=mensah,
        clarke=clarke,
        dunn=dunn,
        boateng_earlier=boateng_earlier,
        boateng=boateng,
        evans=evans,
        foster=foster,
        ama=ama,
        kofi=kofi,
        baby=baby,
        lily=lily,
        yaw=yaw,
        mia=mia,
        zara=zara,
        family_help=family_help,
    )

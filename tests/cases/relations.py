"""A case with someone in every relation to it, for the permission matrix and page tests.

Synthetic data only. Relations are made through the services where the service is
what creates them in real life (consent withdrawn, notes, closure); plain rows are
written with the factories where the relation is only a starting state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from cases.break_glass import break_glass_open
from cases.models import (
    AllocationItem,
    AllocationMeeting,
    BreakGlassAccess,
    Case,
    CaseNote,
    CaseShare,
    CaseTeamMember,
    NeedLevel,
    NoteVisibility,
)
from cases.services import (
    allocation_meeting_create,
    case_closure_propose,
    case_closure_sign_off,
    case_grant_access,
    consent_record,
    note_add,
)
from cases.workflow_states import State
from partners.models import Agency, FamilyHub, User
from partners.roles import AgencyKind, Role
from partners.services import membership_end, zone_grant_give
from tests.cases.factories import (
    CaseFactory,
    ConsentFactory,
    EnquiryFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    ShareFactory,
    TeamMemberFactory,
    grant,
    waiting_case,
)
from tests.partners.factories import (
    AgencyFactory,
    FamilyHubFactory,
    MembershipFactory,
    ZoneFactory,
    member,
)

NOTE_TEXTS = {
    NoteVisibility.EVERYONE: "Home visit: the children were settled and mum was positive.",
    NoteVisibility.LEAD_AGENCY: "Internal: supervision discussion about caseload pressure.",
    NoteVisibility.RESTRICTED: "Disclosure about a previous partner's behaviour at home.",
}


@dataclass
class Relations:
    hub: FamilyHub
    council: Agency
    front_door: Agency
    school: Agency
    police: Agency
    health: Agency
    housing: Agency
    case: Case
    closed_case: Case
    team_member: CaseTeamMember
    share: CaseShare
    notes: dict[str, CaseNote]
    people: dict[str, User | None] = field(default_factory=dict)
    meeting: AllocationMeeting | None = None
    agenda_item: AllocationItem | None = None
    break_glass: BreakGlassAccess | None = None

    def __getitem__(self, name: str) -> Any:
        return self.people[name]


def fresh(user: User) -> User:
    """The same user as a new request would load them (no per-request caches)."""
    return User.objects.get(pk=user.pk)


def build_relations() -> Relations:
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Family Support Team")
    front_door = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP, name="Early Help Front Door")
    school = AgencyFactory(kind=AgencyKind.SCHOOL, name="Hillside Primary School")
    police = AgencyFactory(kind=AgencyKind.POLICE, name="Northborough Police")
    health = AgencyFactory(kind=AgencyKind.HEALTH_VISITING, name="Health Visiting Service")
    housing = AgencyFactory(kind=AgencyKind.HOUSING, name="Northborough Homes")
    other = AgencyFactory(kind=AgencyKind.VOLUNTARY, name="Unrelated Youth Charity")
    gp = AgencyFactory(kind=AgencyKind.GP, name="Riverside Medical Practice")
    other_zone = ZoneFactory(name="Southborough")

    people: dict[str, User | None] = {
        "lead practitioner": member(Role.PRACTITIONER, agency=council),
        "lead-agency practitioner": member(Role.PRACTITIONER, agency=council),
        # Council-wide roles (no zone or hub, in an agency serving none): their reach is
        # the lead agency's cases, a manager's with the manager's oversight.
        "lead-agency manager": member(Role.MANAGER, agency=council),
        "lead-agency coordinator": member(Role.COORDINATOR, agency=council),
        # The service's zone roles: the front door team runs the early help service.
        "zone coordinator": member(Role.COORDINATOR, agency=front_door, zone=hub.zone),
        "zone manager": member(Role.MANAGER, agency=front_door, zone=hub.zone),
        # The same roles in the same agency, covering another zone.
        "coordinator of another zone": member(Role.COORDINATOR, agency=front_door, zone=other_zone),
        "manager of another zone": member(Role.MANAGER, agency=front_door, zone=other_zone),
        "TAF partner practitioner": member(Role.PRACTITIONER, agency=school),
        # Partner agencies' coordinators and managers: their agency's part in the case
        # (the school is on the team, the police are shared with), not the zone's.
        "partner agency manager": member(Role.MANAGER, agency=school),
        "partner agency coordinator": member(Role.COORDINATOR, agency=police),
        # Scoped to the case's zone, but of an agency that does not run the service.
        "partner agency manager with no relation": member(
            Role.MANAGER, agency=other, zone=hub.zone
        ),
        "holder of an expired zone grant": member(Role.MANAGER, agency=gp),
        # Of the service, with no relation: opened the case stating a reason.
        "break-glass user": member(Role.PRACTITIONER, agency=front_door),
        "partner viewer via consent share": member(Role.PARTNER_VIEWER, agency=police),
        "partner viewer with no relation": member(Role.PARTNER_VIEWER, agency=other),
        "partner after consent withdrawn": member(Role.PRACTITIONER, agency=health),
        "partner on a closed case": member(Role.PRACTITIONER, agency=housing),
        "holder of a time-limited grant": member(Role.PRACTITIONER, agency=gp),
        "holder of an expired grant": member(Role.PRACTITIONER, agency=gp),
        "unrelated practitioner": member(Role.PRACTITIONER, agency=other),
        "strategic lead": member(Role.STRATEGIC_LEAD, agency=council),
        "system administrator": member(Role.SYSTEM_ADMIN, agency=council),
        # Answers subject access requests through pages of their own: no case through these.
        "information governance officer": member(Role.INFORMATION_GOVERNANCE, agency=council),
        "signed-out visitor": None,
    }
    leaver = MembershipFactory(role=Role.PRACTITIONER, agency=council)
    people["practitioner who left the agency"] = leaver.user

    family = FamilyFactory(family_hub=hub, surname="Okafor")
    mother = HouseholdMemberFactory(
        family=family,
        relationship="parent",
        person=PersonFactory(family_name="Okafor", given_names="Grace", sex="F"),
    ).person
    child = HouseholdMemberFactory(
        family=family, person=PersonFactory(family_name="Okafor", given_names="Ada")
    ).person
    case = CaseFactory(
        family=family,
        state=State.PLAN_AND_REVIEW,
        lead_agency=council,
        lead_practitioner=people["lead practitioner"],
    )
    EnquiryFactory(case=case, raised_by_agency=school)
    case.enquiry.children.add(child)
    team_member = TeamMemberFactory(
        case=case, agency=school, user=people["TAF partner practitioner"]
    )

    lead = people["lead practitioner"]
    assert lead is not None
    consent_record(
        actor=lead, case=case, decision="given", person=mother, agencies=[health], purposes="Health"
    )
    consent_record(actor=fresh(lead), case=case, decision="withdrawn", person=mother)
    # The police see it on the child's consent, which stands.
    share = ShareFactory(case=case, agency=police, consent=ConsentFactory(case=case, person=child))
    membership_end(membership=leaver)
    # A GP granted access for a fortnight by the zone's manager; a colleague whose grant
    # ran out yesterday and has not yet been removed by the daily task.
    case_grant_access(
        actor=people["zone manager"],  # type: ignore[arg-type]
        case=case,
        user=people["holder of a time-limited grant"],  # type: ignore[arg-type]
        reason="Covering the family's GP while the practice nurse is away",
        days=14,
    )
    grant(case, people["holder of an expired grant"], days=-1)
    now = timezone.now()
    zone_grant_give(
        actor=None,
        user=people["holder of an expired zone grant"],  # type: ignore[arg-type]
        zone=hub.zone,
        role=Role.MANAGER,
        reason="Covered the zone during the manager's leave",
        starts_at=now - dt.timedelta(days=14),
        ends_at=now - dt.timedelta(hours=1),
    )
    break_glass_open(
        actor=people["break-glass user"],
        case_id=case.pk,
        reason="Out of hours: the children were brought to the emergency duty team",
    )

    today = timezone.localdate()
    notes = {
        NoteVisibility.EVERYONE: note_add(
            actor=lead,
            case=case,
            note_type="visit",
            contact_date=today,
            text=NOTE_TEXTS[NoteVisibility.EVERYONE],
        ),
        NoteVisibility.LEAD_AGENCY: note_add(
            actor=lead,
            case=case,
            note_type="meeting",
            contact_date=today,
            text=NOTE_TEXTS[NoteVisibility.LEAD_AGENCY],
            visibility=NoteVisibility.LEAD_AGENCY,
        ),
        NoteVisibility.RESTRICTED: note_add(
            actor=lead,
            case=case,
            note_type="call",
            contact_date=today - dt.timedelta(days=1),
            text=NOTE_TEXTS[NoteVisibility.RESTRICTED],
            sensitive_category="domestic_abuse",
            readers=[people["TAF partner practitioner"]],  # type: ignore[list-item]
        ),
    }

    # A closed case: housing was on its team until the lead agency's manager closed it.
    closed_case = CaseFactory(
        family=FamilyFactory(family_hub=hub), state=State.PLAN_AND_REVIEW, lead_agency=council
    )
    TeamMemberFactory(case=closed_case, agency=housing, user=people["partner on a closed case"])
    council_manager = people["lead-agency manager"]
    assert council_manager is not None
    # The zone manager proposes; the lead agency's manager signs off (four eyes).
    zone_manager = people["zone manager"]
    assert zone_manager is not None
    case_closure_propose(
        actor=zone_manager,
        case=closed_case,
        reason="needs_met",
        exit_plan="Keep the morning routine going.",
        exit_support="The family hub's drop-in on Tuesdays.",
        closing_level=NeedLevel.objects.get(number=1),
        timely_and_helpful=True,
    )
    case_closure_sign_off(actor=fresh(council_manager), case=closed_case)
    closed_case.refresh_from_db()
    assert closed_case.state == State.CLOSED

    # A family waiting for allocation, on the agenda of the zone's allocation meeting.
    waiting_case(hub)
    coordinator = people["zone coordinator"]
    assert coordinator is not None
    meeting = allocation_meeting_create(
        actor=coordinator, zone=hub.zone, held_on=timezone.localdate()
    )

    return Relations(
        break_glass=BreakGlassAccess.objects.get(case=case),
        meeting=meeting,
        agenda_item=meeting.items.get(),
        hub=hub,
        council=council,
        front_door=front_door,
        school=school,
        police=police,
        health=health,
        housing=housing,
        case=case,
        closed_case=closed_case,
        team_member=team_member,
        share=share,
        notes=notes,
        people=people,
    )

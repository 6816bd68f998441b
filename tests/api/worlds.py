"""Cases with a record of every kind the API serves (synthetic data only).

`records_for` adds to an existing case what the case-nested endpoints read: a draft
assessment with a saved section, an Outcome Star reading, notes of every visibility,
consent, a plan with an action owned by an agency, and a TAF meeting. The reading, the
notes and the consent are made through the services; the assessment, plan, action and
meeting rows are starting states, written with the factories.

`case_with_records` builds a whole case of one agency around that, with a child whose
NHS number and family name a test can look for in every response.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from assessments.models import Assessment, StarReading
from assessments.selectors import current_framework
from assessments.services import assessment_section_save, star_reading_record
from cases.codes import Relationship
from cases.models import (
    Case,
    CaseNote,
    Enquiry,
    NoteVisibility,
    Person,
    PersonIdentifier,
)
from cases.services import consent_record, note_add
from cases.workflow_states import State
from family_plans.models import InviteeKind, OwnerKind, PlanAction, TafMeeting
from partners.models import Agency, User
from partners.roles import Role
from tests.assessments.factories import answers_for, default_star, star_scales
from tests.cases.factories import (
    CaseFactory,
    EnquiryFactory,
    FamilyFactory,
    HouseholdMemberFactory,
)
from tests.family_plans.factories import (
    ActionFactory,
    InviteeFactory,
    MeetingFactory,
    OutcomeFactory,
    PlanFactory,
)
from tests.partners.factories import FamilyHubFactory, member

NOTE_TEXT = {
    NoteVisibility.EVERYONE: "Home visit: the children were settled.",
    NoteVisibility.LEAD_AGENCY: "Supervision: caseload pressure discussed.",
    NoteVisibility.RESTRICTED: "Disclosure about a previous partner.",
}


@dataclass
class Records:
    case: Case
    parent: Person
    child: Person
    assessment: Assessment
    section_key: str
    reading: StarReading
    action: PlanAction
    meeting: TafMeeting
    notes: dict[str, CaseNote]


@dataclass
class AgencyCase(Records):
    lead: User
    enquiry: Enquiry
    nhs_number: str


def records_for(case: Case, *, lead: User, action_owner: Agency) -> Records:
    """Add a record of every kind to a case in plan and review led by `lead`."""
    members = list(case.family.members.select_related("person").order_by("id"))
    parent = next(m.person for m in members if m.relationship == Relationship.PARENT)
    child = next(m.person for m in members if m.relationship == Relationship.CHILD)
    assessment = Assessment.objects.create(
        case=case,
        number=1,
        framework=current_framework(),
        started_by=lead,
        organisation_id=case.lead_agency_id,
    )
    section_key, values = next(iter(answers_for(assessment).items()))
    assessment_section_save(
        actor=lead,
        assessment=assessment,
        key=section_key,
        values=values,
        complete=False,
        expected_version=0,
    )
    reading = star_reading_record(
        actor=lead,
        case=case,
        star_type=default_star(),
        taken_on=timezone.localdate(),
        occasion="start",
        way="joint",
        scores={scale.pk: 5 for scale in star_scales()},
        present=[parent],
    )
    today = timezone.localdate()
    notes = {
        visibility: note_add(
            actor=lead,
            case=case,
            note_type="visit",
            contact_date=today,
            text=text,
            visibility=visibility,
        )
        for visibility, text in NOTE_TEXT.items()
    }
    consent_record(actor=lead, case=case, decision="given", person=parent)
    plan = PlanFactory(case=case, created_by=lead)
    outcome = OutcomeFactory(plan=plan, updated_by=lead)
    action = ActionFactory(
        plan=plan,
        outcome=outcome,
        owner_kind=OwnerKind.AGENCY,
        owner_user=None,
        owner_agency=action_owner,
        updated_by=lead,
    )
    meeting = MeetingFactory(
        case=case,
        organiser=lead,
        starts_at=timezone.now() + dt.timedelta(days=7),
        ends_at=timezone.now() + dt.timedelta(days=7, hours=1),
    )
    InviteeFactory(meeting=meeting, kind=InviteeKind.FAMILY, person=parent, name="Parent", email="")
    return Records(
        case=case,
        parent=parent,
        child=child,
        assessment=assessment,
        section_key=section_key,
        reading=reading,
        action=action,
        meeting=meeting,
        notes=notes,
    )


def case_with_records(agency: Agency, family_name: str, *, nhs_number: str) -> AgencyCase:
    """A case led by `agency` (raised by it too) with a record of every kind, about the
    `family_name` family, whose child has `nhs_number` (ten digits, valid)."""
    family = FamilyFactory(name=f"The {family_name} family", family_hub=FamilyHubFactory())
    HouseholdMemberFactory(
        family=family,
        relationship=Relationship.PARENT,
        person__family_name=family_name,
        person__given_names=f"{family_name}parent",
        person__date_of_birth=timezone.localdate() - dt.timedelta(days=35 * 365),
    )
    child = HouseholdMemberFactory(
        family=family,
        relationship=Relationship.CHILD,
        person__family_name=family_name,
        person__given_names=f"{family_name}child",
    ).person
    PersonIdentifier.objects.create(
        person=child, type=PersonIdentifier.Type.NHS_NUMBER, value=nhs_number
    )
    lead = member(Role.PRACTITIONER, agency=agency)
    case = CaseFactory(
        family=family,
        lead_agency=agency,
        lead_practitioner=lead,
        state=State.PLAN_AND_REVIEW,
        opened_on=timezone.localdate() - dt.timedelta(days=60),
    )
    enquiry = EnquiryFactory(case=case, raised_by_agency=agency, raised_by=lead)
    enquiry.children.add(child)
    records = records_for(case, lead=lead, action_owner=agency)
    return AgencyCase(**records.__dict__, lead=lead, enquiry=enquiry, nhs_number=nhs_number)

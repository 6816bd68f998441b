"""The case pages: each form calls its service, shows errors beside fields, keeps input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from cases.models import (
    AuditEntry,
    CaseGrant,
    CaseNote,
    CaseShare,
    CaseTeamMember,
    ConsentRecord,
    NoteVisibility,
)
from cases.services import case_transition
from cases.workflow_states import State
from partners.models import InformationSharingAgreement
from partners.roles import AgencyKind, Role
from tests.cases.factories import (
    CaseFactory,
    EnquiryFactory,
    FamilyFactory,
    HouseholdMemberFactory,
    PersonFactory,
    ShareFactory,
    TeamMemberFactory,
)
from tests.cases.pages import checked, date_fields, error_beside, text_of, value_of
from tests.cases.relations import build_relations
from tests.partners.factories import AgencyFactory, FamilyHubFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def front_door():
    hub = FamilyHubFactory()
    council = AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP)
    case = EnquiryFactory(
        case=CaseFactory(family=FamilyFactory(family_hub=hub), state=State.ENQUIRY_RECEIVED)
    ).case
    return {
        "case": case,
        "coordinator": member(Role.COORDINATOR, agency=council, zone=hub.zone),
        "colleague": member(Role.COORDINATOR, agency=council, zone=hub.zone),
    }


# --------------------------------------------------------------------------- screening


def test_a_coordinator_records_the_screening_decision(signed_in_client, front_door):
    case = front_door["case"]
    client = signed_in_client(front_door["coordinator"])
    page = client.get(f"/cases/{case.pk}/screening/").content.decode()
    assert value_of(page, "version") == str(case.version)

    response = client.post(
        f"/cases/{case.pk}/screening/",
        {"outcome": "early_help_assessment", "reason": "Several needs", "version": case.version},
    )
    assert response["Location"] == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.state == State.AWAITING_ALLOCATION
    assert case.screening_reason == "Several needs"


def test_screening_errors_sit_beside_the_fields(signed_in_client, front_door):
    case = front_door["case"]
    client = signed_in_client(front_door["coordinator"])
    response = client.post(f"/cases/{case.pk}/screening/", {"reason": "", "version": case.version})
    html = response.content.decode()
    assert error_beside(html, "id_outcome") == "Select the screening decision"
    assert error_beside(html, "id_reason") == "Enter the reason for the decision"
    assert "<title>Error: Screening decision" in html


def test_a_decision_made_meanwhile_by_someone_else_is_reported_and_input_is_kept(
    signed_in_client, front_door
):
    case = front_door["case"]
    client = signed_in_client(front_door["coordinator"])
    seen_version = case.version
    client.get(f"/cases/{case.pk}/screening/")
    # Meanwhile a colleague starts screening the same enquiry.
    case_transition(actor=front_door["colleague"], case=case, name="start_screening")

    response = client.post(
        f"/cases/{case.pk}/screening/",
        {"outcome": "signpost", "reason": "Parenting course at the hub", "version": seen_version},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this case while you were working on it" in text_of(html)
    assert checked(html, "outcome", "signpost")
    assert "Parenting course at the hub" in html
    case.refresh_from_db()
    assert case.state == State.SCREENING  # nothing overwritten
    assert value_of(html, "version") == str(case.version)  # decide again on the case as it is

    again = client.post(
        f"/cases/{case.pk}/screening/",
        {"outcome": "signpost", "reason": "Parenting course at the hub", "version": case.version},
    )
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.screening_outcome == "signpost"


def test_the_summary_offers_screening_to_coordinators_only(signed_in_client, front_door):
    case = front_door["case"]
    coordinator = signed_in_client(front_door["coordinator"]).get(f"/cases/{case.pk}/")
    assert b"Record the screening decision" in coordinator.content
    TeamMemberFactory(case=case, agency=(school := AgencyFactory()))
    teacher = signed_in_client(member(Role.PRACTITIONER, agency=school)).get(f"/cases/{case.pk}/")
    assert teacher.status_code == 200
    assert b"Record the screening decision" not in teacher.content


def test_possible_duplicates_are_shown_to_the_coordinator_and_hidden_ones_stay_anonymous(
    signed_in_client, front_door
):
    case = front_door["case"]
    same_zone = FamilyFactory(name="The Visible family", family_hub=case.family_hub)
    CaseFactory(family=same_zone, reference="VIS000001")
    elsewhere = FamilyFactory(name="The Elsewhere family")
    CaseFactory(family=elsewhere)
    case.enquiry.possible_duplicates.set([same_zone, elsewhere])

    page = text_of(
        signed_in_client(front_door["coordinator"]).get(f"/cases/{case.pk}/").content.decode()
    )
    assert "This family may already be known" in page
    assert "The Visible family" in page and "VIS000001" in page
    assert "Elsewhere" not in page
    assert f"A family you cannot see, in {elsewhere.zone.name} zone" in page


# --------------------------------------------------------------------------- notes


@pytest.fixture
def world():
    return build_relations()


def test_a_practitioner_adds_a_restricted_note_naming_a_reader(signed_in_client, world):
    lead = world["lead practitioner"]
    client = signed_in_client(lead)
    page = client.get(f"/cases/{world.case.pk}/notes/add/").content.decode()
    taf = world["TAF partner practitioner"]
    assert taf.full_name in page  # people working on the case can be named

    response = client.post(
        f"/cases/{world.case.pk}/notes/add/",
        {
            "note_type": "call",
            "text": "Mum disclosed worries about her ex-partner.",
            "sensitive_category": "domestic_abuse",
            "readers": [taf.pk],
        }
        | date_fields("contact_date", timezone.localdate()),
    )
    assert response["Location"] == f"/cases/{world.case.pk}/notes/"
    note = CaseNote.objects.get(text__startswith="Mum disclosed")
    assert note.visibility == NoteVisibility.RESTRICTED  # the sensitive default
    assert set(note.readers.values_list("user_id", flat=True)) == {lead.pk, taf.pk}
    colleague = signed_in_client(world["lead-agency practitioner"])
    assert b"Mum disclosed" not in colleague.get(f"/cases/{world.case.pk}/notes/").content
    assert b"Mum disclosed" in signed_in_client(taf).get(f"/cases/{world.case.pk}/notes/").content


def test_note_errors_sit_beside_the_fields_and_the_text_is_kept(signed_in_client, world):
    client = signed_in_client(world["lead practitioner"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        f"/cases/{world.case.pk}/notes/add/",
        {"text": "Half-written note", "visibility": "everyone"}
        | date_fields("contact_date", tomorrow),
    )
    html = response.content.decode()
    assert error_beside(html, "id_note_type") == "Select the type of note"
    assert error_beside(html, "id_contact_date") == "Date of contact must be today or in the past"
    assert "Half-written note" in html
    assert checked(html, "visibility", "everyone")
    empty = client.post(f"/cases/{world.case.pk}/notes/add/", {"note_type": "visit"})
    html = empty.content.decode()
    assert error_beside(html, "id_text") == "Enter the note"
    assert error_beside(html, "id_contact_date") == "Enter the date of contact"


def test_notes_can_be_filtered_by_type(signed_in_client, world):
    client = signed_in_client(world["lead practitioner"])
    calls = client.get(f"/cases/{world.case.pk}/notes/?type=call").content.decode()
    assert "previous partner" in calls and "Home visit" not in calls
    bad = client.get(f"/cases/{world.case.pk}/notes/?type=nonsense").content.decode()
    assert error_beside(bad, "id_type") == "Select a type of note from the list"
    assert "Home visit" in bad  # a bad filter is ignored, not fatal


# --------------------------------------------------------------------------- sharing


def test_sharing_without_consent_needs_a_reason_and_an_agreement(signed_in_client, world):
    client = signed_in_client(world["lead practitioner"])
    youth = AgencyFactory(name="Youth Justice Service")
    response = client.post(
        f"/cases/{world.case.pk}/sharing/shares/add/",
        {"agency": youth.pk, "basis": "safeguarding", "purpose": "Joint visit"},
    )
    html = response.content.decode()
    assert (
        error_beside(html, "id_lawful_reason") == "Enter why sharing without consent is necessary"
    )
    assert error_beside(html, "id_agreement") == "Select the information sharing agreement"
    assert "Joint visit" in html

    agreement = InformationSharingAgreement.objects.create(
        name="Northborough safeguarding", reference="ISA-1", valid_from=dt.date(2024, 1, 1)
    )
    agreement.agencies.add(youth)
    response = client.post(
        f"/cases/{world.case.pk}/sharing/shares/add/",
        {
            "agency": youth.pk,
            "basis": "safeguarding",
            "purpose": "Joint visit",
            "lawful_reason": "Risk of exploitation",
            "agreement": agreement.pk,
        },
    )
    assert response.status_code == 302
    share = CaseShare.objects.get(agency=youth)
    page = client.get(f"/cases/{world.case.pk}/sharing/").content.decode()
    assert "Youth Justice Service" in page and "Risk of exploitation" in page

    end = client.post(f"/cases/{world.case.pk}/sharing/shares/{share.pk}/end/", {"reason": ""})
    assert error_beside(end.content.decode(), "id_reason") == "Enter why sharing is ending"
    client.post(f"/cases/{world.case.pk}/sharing/shares/{share.pk}/end/", {"reason": "Done"})
    share.refresh_from_db()
    assert share.ended_at is not None and share.ended_reason == "Done"


def test_recording_consent_given_to_an_agency_shares_the_case_with_it(signed_in_client, world):
    client = signed_in_client(world["zone coordinator"])
    mother = world.case.family.members.get(relationship="parent").person
    gp = AgencyFactory(name="Mill Lane Surgery", kind=AgencyKind.GP)
    missing = client.post(
        f"/cases/{world.case.pk}/sharing/consent/add/",
        {"basis": "consent", "decision": "given", "method": "verbal"},
    )
    assert (
        error_beside(missing.content.decode(), "id_person") == "Select who gave or refused consent"
    )
    client.post(
        f"/cases/{world.case.pk}/sharing/consent/add/",
        {
            "basis": "consent",
            "person": mother.pk,
            "decision": "given",
            "agencies": [gp.pk],
            "purposes": "Health support",
            "method": "written",
        },
    )
    assert ConsentRecord.objects.filter(case=world.case, person=mother, decision="given").exists()
    assert CaseShare.objects.current().filter(case=world.case, agency=gp).exists()


def test_team_members_are_added_by_email_and_their_place_ended(signed_in_client, world):
    client = signed_in_client(world["lead practitioner"])
    nursing = AgencyFactory(kind=AgencyKind.SCHOOL_NURSING, name="School Nursing")
    share = ShareFactory(case=world.case, agency=nursing)  # the family's consent covers it
    nurse = member(Role.PRACTITIONER, agency=nursing)
    wrong = client.post(
        f"/cases/{world.case.pk}/sharing/team/add/",
        {"agency": nursing.pk, "user": "nobody@example.gov.uk"},
    )
    assert error_beside(wrong.content.decode(), "id_user") == (
        f"Enter the email address of someone who works for {nursing.name}"
    )
    outsider = member(Role.PRACTITIONER)
    not_theirs = client.post(
        f"/cases/{world.case.pk}/sharing/team/add/",
        {"agency": nursing.pk, "user": outsider.email},
    )
    assert error_beside(not_theirs.content.decode(), "id_user") == (
        f"Enter the email address of someone who works for {nursing.name}"
    )
    client.post(
        f"/cases/{world.case.pk}/sharing/team/add/",
        {"agency": nursing.pk, "user": nurse.email.upper(), "role_on_case": "School nurse"},
    )
    place = CaseTeamMember.objects.get(case=world.case, user=nurse)
    assert signed_in_client(nurse).get(f"/cases/{world.case.pk}/").status_code == 200

    client.post(f"/cases/{world.case.pk}/sharing/team/{place.pk}/end/", {})
    place.refresh_from_db()
    assert place.ended_on == timezone.localdate()
    # The agency still sees the case through the family's consent until sharing ends.
    client.post(f"/cases/{world.case.pk}/sharing/shares/{share.pk}/end/", {"reason": "Done"})
    assert signed_in_client(nurse).get(f"/cases/{world.case.pk}/").status_code == 404


def test_parts_of_another_case_are_not_found_through_this_one(signed_in_client, world):
    other_member = TeamMemberFactory(case=world.closed_case)
    client = signed_in_client(world["lead practitioner"])
    assert (
        client.get(f"/cases/{world.case.pk}/sharing/team/{other_member.pk}/end/").status_code == 404
    )
    assert client.get(f"/cases/{world.case.pk}/sharing/shares/999999/end/").status_code == 404


# --------------------------------------------------------------------------- access


def test_a_manager_sees_who_viewed_the_case_and_grants_time_limited_access(signed_in_client, world):
    signed_in_client(world["TAF partner practitioner"]).get(f"/cases/{world.case.pk}/")
    manager = signed_in_client(world["zone manager"])
    html = manager.get(f"/cases/{world.case.pk}/access/").content.decode()
    page = text_of(html)
    # Addresses carry <wbr> break points, so they wrap after the @ and before dots.
    assert world["TAF partner practitioner"].email in html.replace("<wbr>", "")
    assert "Hillside Primary School" in page

    outsider = member(Role.PRACTITIONER)
    bad = manager.post(
        f"/cases/{world.case.pk}/access/grant/",
        {
            "agency": outsider.memberships.get().agency_id,
            "user": outsider.email,
            "reason": "",
            "days": "120",
        },
    )
    html = bad.content.decode()
    assert error_beside(html, "id_reason") == "Enter why this person needs access"
    assert error_beside(html, "id_days") == "Access can be granted for 1 to 90 days"
    assert value_of(html, "user") == outsider.email

    manager.post(
        f"/cases/{world.case.pk}/access/grant/",
        {
            "agency": outsider.memberships.get().agency_id,
            "user": outsider.email,
            "reason": "Covering the lead practitioner's leave",
            "days": "14",
        },
    )
    grant = CaseGrant.objects.get(user=outsider)
    assert grant.reason == "Covering the lead practitioner's leave"
    assert signed_in_client(outsider).get(f"/cases/{world.case.pk}/").status_code == 200
    assert AuditEntry.objects.filter(action="grant", case_id=world.case.pk).exists()


def test_only_managers_see_the_access_tab(signed_in_client, world):
    assert b'href="/cases/%d/access/"' % world.case.pk in (
        signed_in_client(world["zone manager"]).get(f"/cases/{world.case.pk}/").content
    )
    assert b"/access/" not in (
        signed_in_client(world["lead practitioner"]).get(f"/cases/{world.case.pk}/").content
    )


# --------------------------------------------------------------------------- family tab


def test_the_family_tab_lists_the_household_and_draws_it_escaping_names(signed_in_client, world):
    HouseholdMemberFactory(
        family=world.case.family,
        relationship="carer",
        person=PersonFactory(given_names="<script>alert(1)</script>", family_name="Okafor"),
    )
    page = signed_in_client(world["lead practitioner"]).get(f"/cases/{world.case.pk}/family/")
    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-genogram" role="img"' in html
    assert "The household diagram as text" in html
    assert "Grace Okafor" in html and "Ada Okafor" in html


# --------------------------------------------------------------------------- lists


def test_find_a_family_keeps_the_terms_out_of_the_address_and_shows_visible_cases_only(
    signed_in_client, world
):
    hidden_case = CaseFactory(family=world.case.family)  # a case of the same family, not shared
    client = signed_in_client(world["TAF partner practitioner"])
    response = client.post("/find-a-family/", {"name": "Okafor"})
    assert response["Location"] == "/find-a-family/"
    page = client.get("/find-a-family/").content.decode()
    assert world.case.reference in page
    assert hidden_case.reference not in page
    assert value_of(page, "name") == "Okafor"
    assert AuditEntry.objects.filter(action="search", detail__searched_by=["name"]).exists()

    empty = client.post("/find-a-family/", {})
    assert error_beside(empty.content.decode(), "id_reference") == (
        "Enter a case reference, name, date of birth, NHS number or postcode to search for"
    )


def test_front_door_filters_by_hub_urgency_and_days_waiting(signed_in_client, front_door):
    case = front_door["case"]
    other_hub = FamilyHubFactory(zone=case.zone)
    urgent = EnquiryFactory(
        case=CaseFactory(
            family=FamilyFactory(family_hub=other_hub, name="The Urgent family"),
            state=State.ENQUIRY_RECEIVED,
        ),
        urgency="urgent",
        received_at=timezone.now() - dt.timedelta(days=30),
    ).case
    client = signed_in_client(front_door["coordinator"])
    name = escape(case.family.name)  # as the page writes it: "O'Donnell" is "O&#x27;Donnell"
    everything = client.get("/front-door/").content.decode()
    assert name in everything and "The Urgent family" in everything
    assert "Over target by" in everything

    by_hub = client.get(f"/front-door/?family_hub={other_hub.pk}").content.decode()
    assert "The Urgent family" in by_hub and name not in by_hub
    by_urgency = client.get("/front-door/?urgency=urgent").content.decode()
    assert "The Urgent family" in by_urgency and name not in by_urgency
    waiting = client.get("/front-door/?waiting=10").content.decode()
    assert "The Urgent family" in waiting and name not in waiting
    bad = client.get("/front-door/?waiting=lots").content.decode()
    assert error_beside(bad, "id_waiting") == "Enter the working days as a number, like 5"
    assert "<title>Error: Front door queue" in bad
    newest = client.get("/front-door/?sort=newest").content.decode()
    assert newest.index(name) < newest.index("The Urgent family")
    assert urgent.pk  # the urgent case exists for the filters above


def test_my_cases_lists_the_cases_a_practitioner_leads_by_stage(signed_in_client, world):
    lead = world["lead practitioner"]
    closed = CaseFactory(
        lead_agency=world.council, lead_practitioner=lead, state=State.CLOSED, reference="CLS000001"
    )
    client = signed_in_client(lead)
    page = client.get("/my-cases/").content.decode()
    assert world.case.reference in page and closed.reference not in page
    closed_page = client.get("/my-cases/?state=closed").content.decode()
    assert closed.reference in closed_page and world.case.reference not in closed_page
    assert (
        world.case.reference
        not in signed_in_client(world["lead-agency practitioner"])
        .get("/my-cases/")
        .content.decode()
    )


def test_lists_page_with_govuk_pagination_keeping_the_filters(signed_in_client, front_door):
    hub = front_door["case"].family_hub
    for days in range(30):
        EnquiryFactory(
            case=CaseFactory(family=FamilyFactory(family_hub=hub), state=State.SCREENING),
            urgency="urgent",
            received_at=timezone.now() - dt.timedelta(days=days),
        )
    client = signed_in_client(front_door["coordinator"])
    first = client.get("/front-door/?urgency=urgent").content.decode()
    assert "Showing 1 to 25 of 30 results" in first
    assert 'href="?urgency=urgent&amp;page=2"' in first
    second = client.get("/front-door/?urgency=urgent&page=2").content.decode()
    assert "Showing 26 to 30 of 30 results" in second
    assert "(page 2)" in second  # the title says which page
    beyond = client.get("/front-door/?urgency=urgent&page=99")
    assert beyond.status_code == 200  # the last page, not an error


def test_the_front_door_counts_its_waiting_cases_from_the_ids_it_pages(
    signed_in_client, front_door
):
    """The sort reads every waiting case's key anyway: a COUNT of its own would read
    them all again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    hub = front_door["case"].family_hub
    for _ in range(27):
        EnquiryFactory(
            case=CaseFactory(family=FamilyFactory(family_hub=hub), state=State.SCREENING)
        )
    client = signed_in_client(front_door["coordinator"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/front-door/?page=2").content.decode()

    assert "Showing 26 to 28 of 28 results" in page
    counted = [q["sql"] for q in queries if "COUNT(" in q["sql"] and '"cases_case"' in q["sql"]]
    assert counted == []


def test_the_home_page_links_to_each_persons_next_tasks(signed_in_client, front_door):
    coordinator = text_of(signed_in_client(front_door["coordinator"]).get("/").content.decode())
    assert "Screen enquiries at the front door" in coordinator and "1 waiting" in coordinator
    viewer = text_of(signed_in_client(member(Role.PARTNER_VIEWER)).get("/").content.decode())
    assert "Raise an enquiry" in viewer and "Find a family" in viewer
    assert "Screen enquiries" not in viewer and "Your cases" not in viewer
    strategic = text_of(signed_in_client(member(Role.STRATEGIC_LEAD)).get("/").content.decode())
    assert "Your next tasks" not in strategic and "New enquiry" not in strategic

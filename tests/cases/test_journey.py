"""The whole journey: enquiry -> screening -> allocation meeting -> allocated -> assessment ->
plan and review -> closure proposed -> signed off, then a re-referral; once through the
services and once through the pages, as the people who do each step."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from assessments import sections
from assessments.models import Assessment
from assessments.selectors import section_context
from cases import services
from cases.models import Case, ClosureStatus, Decision, LeadPractitionerAssignment
from cases.workflow_states import State
from partners.models import PostcodeArea, User
from tests.assessments.factories import values_for
from tests.assessments.test_assessment_pages import form_data
from tests.cases.pages import nhs_number, people_data, text_of
from tests.cases.places import build_place, case_type, level

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_the_journey_through_the_services():
    place = build_place()
    PostcodeArea.objects.create(prefix="NB4", family_hub=place.hub)
    case = services.enquiry_raise(
        actor=place.teacher,
        new_family=services.NewFamilyDetails(name="The Osei family", postcode="NB4 2AB"),
        people=[
            services.PersonDetails(
                family_name="Osei",
                given_names="Efua",
                relationship="parent",
                date_of_birth=timezone.localdate().replace(year=1990),
            ),
            services.PersonDetails(
                family_name="Osei",
                given_names="Kwame",
                relationship="child",
                date_of_birth=timezone.localdate().replace(year=2016),
                enquiry_is_about=True,
            ),
        ],
        concerns="Kwame's attendance has dropped and mum is struggling.",
        family_consent="given",
    )
    assert case.state == State.ENQUIRY_RECEIVED and case.family_hub == place.hub
    case = services.case_screen(
        actor=fresh(place.coordinator),
        case=case,
        outcome="early_help_assessment",
        reason="Attendance and parenting: a whole-family assessment",
    )
    mum = case.family.members.get(relationship="parent").person
    services.consent_record(actor=fresh(place.coordinator), case=case, decision="given", person=mum)

    meeting = services.allocation_meeting_create(
        actor=fresh(place.coordinator), zone=place.zone, held_on=timezone.localdate()
    )
    item = meeting.items.get(case=case)
    services.allocation_decide(
        actor=fresh(place.coordinator),
        item=item,
        decision=Decision.ALLOCATE,
        expected_version=item.version,
        lead_practitioner=place.worker,
        lead_agency=place.council,
        need_level=level(3),
        case_type=case_type(),
        family_preference="Mum asked for someone who can visit after school",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.state == State.ALLOCATED and case.lead_practitioner == place.worker

    worker = fresh(place.worker)
    case = services.case_transition(actor=worker, case=case, name="start_assessment")
    case = services.case_transition(actor=worker, case=case, name="start_plan")
    proposal = services.case_closure_propose(
        actor=worker,
        case=case,
        reason="needs_met",
        exit_plan="Keep the routine and the school's attendance plan",
        exit_support="The family hub and the school's pastoral lead",
        closing_level=level(1),
        timely_and_helpful=True,
        feedback_comments="Efua said it came at the right time.",
    )
    case = services.case_closure_sign_off(actor=fresh(place.manager), case=case)
    proposal.refresh_from_db()
    assert case.state == State.CLOSED and proposal.status == ClosureStatus.SIGNED_OFF
    assert (case.allocation_level, case.closure_level) == (level(3), level(1))
    assert [t.name for t in case.transitions.all()] == [
        "start_screening",
        "accept_for_allocation",
        "allocate",
        "start_assessment",
        "start_plan",
        "propose_closure",
        "close",
    ]
    assert LeadPractitionerAssignment.objects.get(case=case).ended_at is not None

    again = services.enquiry_create(
        actor=place.teacher,
        family=case.family,
        children=[case.enquiry.children.get()],
        concerns="Attendance has dropped again.",
        family_consent="given",
    )
    assert again.rereferral_of == case and again.state == State.ENQUIRY_RECEIVED


def test_the_journey_through_the_pages(signed_in_client):
    place = build_place()
    PostcodeArea.objects.create(prefix="NB4", family_hub=place.hub)
    teacher = signed_in_client(place.teacher)
    coordinator = signed_in_client(place.coordinator)
    worker = signed_in_client(place.worker)
    manager = signed_in_client(place.manager)

    # The school raises the enquiry through the question pages.
    raise_through_pages(teacher, "Kwame's attendance has dropped.")
    case = Case.objects.get(family__name="The Osei family")

    # The front door screens it and records the family's consent.
    screened = coordinator.post(
        f"/cases/{case.pk}/screening/",
        {"outcome": "early_help_assessment", "reason": "Needs assessment", "version": case.version},
    )
    assert screened.status_code == 302
    mum = case.family.members.get(relationship="parent").person
    consented = coordinator.post(
        f"/cases/{case.pk}/sharing/consent/add/",
        {"basis": "consent", "person": mum.pk, "decision": "given", "method": "verbal"},
    )
    assert consented.status_code == 302

    # The weekly allocation meeting allocates it.
    planned = coordinator.post(
        "/allocation-meetings/new/",
        {"place": f"zone:{place.zone.pk}", "held_on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    agenda = coordinator.get(planned["Location"]).content.decode()
    assert "The Osei family" in agenda
    case.refresh_from_db()
    item = case.allocation_items.get()
    decided = coordinator.post(
        f"{planned['Location']}cases/{item.pk}/",
        {
            "decision": "allocate",
            "lead": f"{place.worker.pk}:{place.council.pk}",
            "need_level": level(3).pk,
            "case_type": case_type().pk,
            "version": item.version,
            "case_version": case.version,
        },
    )
    assert decided.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ALLOCATED

    # The lead practitioner sees it in their work, and the school sees what became of it.
    assert "Start the assessment" in text_of(worker.get("/my-work/").content.decode())
    outcome = text_of(teacher.get("/your-enquiries/").content.decode())
    assert "Allocated: early help under way" in outcome and place.council.name in outcome

    # The lead practitioner assesses the family through the assessment's pages; the
    # manager signs it off; then the plan is written and agreed with the family.
    assert worker.post(f"/cases/{case.pk}/assessment/start/").status_code == 302
    case.refresh_from_db()
    assert case.state == State.ASSESSMENT
    assessment = Assessment.objects.get(case=case)
    context = section_context(assessment=assessment)
    for section in sections.section_definitions(context):
        saved = worker.post(
            f"/cases/{case.pk}/assessment/1/section/{section.key}/",
            form_data(section, values_for(section, context), version=0),
        )
        assert saved.status_code == 302, section.key
    assessment.refresh_from_db()
    submitted = worker.post(
        f"/cases/{case.pk}/assessment/1/check/", {"version": str(assessment.version)}
    )
    assert submitted.status_code == 302
    assessment.refresh_from_db()
    signed_off = manager.post(
        f"/cases/{case.pk}/assessment/1/review/",
        {"version": str(assessment.version), "decision": "sign_off", "comments": "Clear."},
    )
    assert signed_off.status_code == 302
    started = worker.post(f"/cases/{case.pk}/plan/start/")
    form = worker.get(started["Location"]).content.decode()
    need = re.search(r'name="need_keys" type="checkbox" value="([^"]+)"', form) or re.search(
        r'name="need_keys"[^>]*value="([^"]+)"', form
    )
    assert need, "the outcome is linked to a need the assessment found"
    outcome_page = worker.post(
        started["Location"],
        {
            "wanted": "Kwame gets to school every day",
            "whose_words": "Mum",
            "need_keys": [need.group(1)],
        },
    )
    assert outcome_page.status_code == 302
    today = timezone.localdate()
    day = f"{today.day}/{today.month}/{today.year}"
    actions = worker.post(
        outcome_page["Location"],
        {
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-what": "Walk to school together",
            "actions-0-owner": f"agency:{place.council.pk}",
            "actions-0-start_on": day,
            "actions-0-due_on": day,
        },
    )
    assert actions.status_code == 302
    agree_page = worker.get(f"/cases/{case.pk}/plan/agree/").content.decode()
    plan_version = re.search(r'name="version" value="(\d+)"', agree_page).group(1)  # type: ignore[union-attr]
    agreed = worker.post(
        f"/cases/{case.pk}/plan/agree/",
        {"version": plan_version, "agreed_on": day, "agreed_with": "Mum and Kwame"},
    )
    assert agreed.status_code == 302
    case.refresh_from_db()
    assert case.state == State.PLAN_AND_REVIEW

    # Closure: proposed by the lead, signed off by the manager.
    proposed = worker.post(
        f"/cases/{case.pk}/closure/",
        {
            "reason": "needs_met",
            "exit_plan": "Keep the routine going",
            "exit_support": "The family hub drop-in",
            "closing_level": level(2).pk,
            "timely_and_helpful": "yes",
            "feedback_comments": "It helped",
            "version": case.version,
        },
    )
    assert proposed.status_code == 302
    case.refresh_from_db()
    assert "Sign off or return the closure" in text_of(manager.get("/my-work/").content.decode())
    signed = manager.post(
        f"/cases/{case.pk}/closure/decision/", {"decision": "sign_off", "version": case.version}
    )
    assert signed.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert "Closed: needs met" in text_of(teacher.get("/your-enquiries/").content.decode())

    # The family comes back within the year. The school can no longer see the closed case,
    # so it enters the family again; Kwame's NHS number, name and birth date find him, and
    # the front door sees a re-referral of the earlier case.
    raise_through_pages(teacher, "Attendance has dropped again.")
    again = Case.objects.exclude(pk=case.pk).get(family__name="The Osei family")
    assert again.rereferral_of == case
    queue = text_of(coordinator.get("/front-door/").content.decode())
    assert again.reference in queue and "Re-referral" in queue
    summary = text_of(coordinator.get(f"/cases/{again.pk}/").content.decode())
    assert case.reference in summary


KWAME_NHS_NUMBER = nhs_number(77)


def raise_through_pages(client, concerns: str) -> None:
    client.post("/enquiries/new/")
    client.post("/enquiries/new/who/", {"action": "new"})
    client.post(
        "/enquiries/new/family/",
        {
            "name": "The Osei family",
            "address_line_1": "3 Mill Lane",
            "town": "Northborough",
            "postcode": "NB4 2AB",
            "language": "English",
            "interpreter_needed": "no",
        },
    )
    client.post(
        "/enquiries/new/people/",
        people_data(
            {"family_name": "Osei", "given_names": "Efua", "relationship": "parent"},
            {
                "family_name": "Osei",
                "given_names": "Kwame",
                "enquiry_is_about": True,
                "nhs_number": KWAME_NHS_NUMBER,
            },
        ),
    )
    client.post(
        "/enquiries/new/concerns/",
        {
            "concern_categories": ["school_attendance"],
            "concerns": concerns,
            "urgency": "routine",
            "family_consent": "given",
        },
    )
    sent = client.post("/enquiries/new/check/")
    assert sent.status_code == 302 and sent["Location"] == "/enquiries/new/sent/", sent

"""Work finds the worker: the lead practitioner, a new team member, the managers who sign
off and the referrer are each told, in the service and by email as they choose, when
work lands on them; nobody is told about what they did themselves."""

from __future__ import annotations

import pytest
from django.utils import timezone

from assessments.services import assessment_start, assessment_submit
from cases import services
from cases.models import Case, Decision
from cases.work_notices import (
    CASE_ALLOCATED,
    ENQUIRY_OUTCOME,
    SIGN_OFF_AWAITED,
    TEAM_JOINED,
)
from partners.models import Notification, NotificationPreference, PostcodeArea, User
from partners.notifications import kinds
from partners.roles import Role
from tests.assessments.factories import complete_assessment, family_case
from tests.cases.places import build_place, case_type, level
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def notices(user: User, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def raised_and_screened(place):  # type: ignore[no-untyped-def]
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
        concerns="Kwame's attendance has dropped.",
        family_consent="given",
    )
    case = services.case_screen(
        actor=fresh(place.coordinator),
        case=case,
        outcome="early_help_assessment",
        reason="A whole-family assessment",
    )
    mum = case.family.members.get(relationship="parent").person
    services.consent_record(actor=fresh(place.coordinator), case=case, decision="given", person=mum)
    return case


def allocate(place, case, lead):  # type: ignore[no-untyped-def]
    meeting = services.allocation_meeting_create(
        actor=fresh(place.coordinator), zone=place.zone, held_on=timezone.localdate()
    )
    item = meeting.items.get(case=case)
    services.allocation_decide(
        actor=fresh(place.coordinator),
        item=item,
        decision=Decision.ALLOCATE,
        expected_version=item.version,
        lead_practitioner=lead,
        lead_agency=place.council,
        need_level=level(3),
        case_type=case_type(),
    )
    return Case.objects.get(pk=case.pk)


def test_every_kind_of_work_notice_can_be_chosen_in_notification_settings():
    offered = {k.key for k in kinds()}
    assert {CASE_ALLOCATED, TEAM_JOINED, SIGN_OFF_AWAITED, ENQUIRY_OUTCOME} <= offered


def test_the_referrer_hears_the_screening_outcome_by_reference_without_family_detail():
    place = build_place()
    case = raised_and_screened(place)

    [told] = notices(place.teacher, ENQUIRY_OUTCOME)
    assert case.reference in told.title
    assert "Accepted for early help" in told.body
    assert "Osei" not in told.title + told.body and "Kwame" not in told.title + told.body
    assert told.url == "/your-enquiries/"


def test_the_lead_practitioner_is_told_and_emailed_when_a_family_is_allocated_to_them():
    place = build_place()
    case = allocate(place, raised_and_screened(place), place.worker)

    [told] = notices(place.worker, CASE_ALLOCATED)
    assert told.title == f"Case {case.reference} has been allocated to you"
    assert told.url == f"/cases/{case.pk}/" and told.email_wanted is True
    # The referrer hears the allocation too: the outcome, not who leads.
    outcomes = [n.body for n in notices(place.teacher, ENQUIRY_OUTCOME)]
    assert outcomes[-1].startswith("Allocated") or "Allocated" in " ".join(outcomes)
    assert all(place.worker.full_name not in body for body in outcomes)


def test_a_lead_who_turned_allocation_emails_off_is_told_in_the_service_only():
    place = build_place()
    NotificationPreference.objects.create(user=place.worker, kind=CASE_ALLOCATED, email=False)
    allocate(place, raised_and_screened(place), place.worker)

    [told] = notices(place.worker, CASE_ALLOCATED)
    assert told.email_wanted is False


def test_a_new_lead_practitioner_is_told_when_the_case_is_reassigned_to_them():
    place = build_place()
    case = allocate(place, raised_and_screened(place), place.worker)

    services.lead_practitioner_change(
        actor=fresh(place.coordinator),
        case=case,
        lead_practitioner=place.second_worker,
        lead_agency=place.council,
        reason="Caseload balance",
    )

    assert len(notices(place.second_worker, CASE_ALLOCATED)) == 1


def test_a_person_added_to_the_team_is_told_but_not_the_person_who_added_themselves():
    place = build_place()
    case = allocate(place, raised_and_screened(place), place.worker)
    worker = fresh(place.worker)

    services.team_member_add(
        actor=worker, case=case, agency=place.council, user=place.second_worker
    )
    services.team_member_add(actor=worker, case=case, agency=place.council, user=place.worker)

    [told] = notices(place.second_worker, TEAM_JOINED)
    assert case.reference in told.title and place.council.name in told.body
    assert notices(place.worker, TEAM_JOINED) == []


def test_managers_who_may_sign_off_are_told_when_an_assessment_is_submitted():
    fc = family_case()
    elsewhere = member(Role.MANAGER)  # a manager of another agency and zone
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    complete_assessment(assessment, fc.worker)

    assessment_submit(actor=fc.worker, assessment=assessment, expected_version=assessment.version)

    [told] = notices(fc.manager, SIGN_OFF_AWAITED)
    assert told.title == f"An assessment for case {fc.case.reference} is waiting for sign-off"
    assert told.url == f"/cases/{fc.case.pk}/assessment/1/"
    assert notices(elsewhere, SIGN_OFF_AWAITED) == []
    assert notices(fc.worker, SIGN_OFF_AWAITED) == []


def test_managers_are_told_when_a_closure_is_proposed():
    place = build_place()
    case = allocate(place, raised_and_screened(place), place.worker)
    worker = fresh(place.worker)
    case = services.case_transition(actor=worker, case=case, name="start_assessment")
    case = services.case_transition(actor=worker, case=case, name="start_plan")

    services.case_closure_propose(
        actor=worker,
        case=case,
        reason="needs_met",
        exit_plan="Keep the routine",
        exit_support="The family hub",
        closing_level=level(1),
        feedback_asked=False,
    )

    [told] = notices(place.manager, SIGN_OFF_AWAITED)
    assert told.title.startswith("A closure for case") and told.url.endswith("/closure/decision/")

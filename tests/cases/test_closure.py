"""Closure with an exit plan and sign-off, step-up, step-across, and a closed case read-only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.access import Action, can_change
from cases.models import (
    CaseNote,
    CaseTeamMember,
    ClosureProposal,
    ClosureStatus,
    FamilyFeedback,
    LeadPractitionerAssignment,
    StepAcross,
)
from cases.services import (
    LEAD_CP_ROLE,
    case_closure_propose,
    case_closure_return,
    case_closure_sign_off,
    case_share,
    case_step_across,
    case_step_up,
    case_transition,
    consent_record,
    family_feedback_record,
    note_add,
    team_member_add,
)
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError, ConcurrentChangeError
from partners.models import User
from partners.roles import AgencyKind, Role
from tests.cases.factories import CaseFactory, HouseholdMemberFactory, TeamMemberFactory
from tests.cases.pages import error_beside, text_of
from tests.cases.places import build_place, level
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return build_place()


@pytest.fixture
def case(place):
    case = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.worker,
        allocation_level=level(3),
    )
    LeadPractitionerAssignment.objects.create(
        case=case, user=place.worker, agency=place.council, assigned_by=place.coordinator
    )
    return case


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def propose(place, case, **kwargs):
    values = {
        "reason": "needs_met",
        "exit_plan": "Keep the bedtime routine; school attendance meetings each term.",
        "exit_support": "Family hub drop-in on Tuesdays; the front door if things worsen.",
        "closing_level": level(2),
        "timely_and_helpful": True,
        "feedback_comments": "Having one person to call made the difference.",
    } | kwargs
    return case_closure_propose(actor=fresh(place.worker), case=case, **values)


def test_the_lead_proposes_closure_and_a_manager_signs_it_off(place, case):
    proposal = propose(place, case)
    case.refresh_from_db()
    assert case.state == State.CLOSING and proposal.status == ClosureStatus.PROPOSED
    feedback = FamilyFeedback.objects.get(case=case)
    assert (feedback.kind, feedback.timely_and_helpful) == ("closure", True)
    assert feedback.lead_practitioner == place.worker and proposal.feedback == feedback

    case_closure_sign_off(actor=fresh(place.manager), case=case, comments="Good work")

    case.refresh_from_db()
    proposal.refresh_from_db()
    assert case.state == State.CLOSED and case.closed_on == timezone.localdate()
    assert (case.closure_reason, case.closure_level) == ("needs_met", level(2))
    assert proposal.status == ClosureStatus.SIGNED_OFF and proposal.decided_by == place.manager
    period = LeadPractitionerAssignment.objects.get(case=case)
    assert period.ended_at is not None and "Case closed" in period.end_reason


def test_a_returned_closure_goes_back_to_the_work_with_the_managers_comments(place, case):
    proposal = propose(place, case)
    case_closure_return(
        actor=fresh(place.manager), case=case, comments="Tell the school the plan first"
    )
    case.refresh_from_db()
    proposal.refresh_from_db()
    assert case.state == State.PLAN_AND_REVIEW and case.closure_reason == ""
    assert proposal.status == ClosureStatus.RETURNED
    assert proposal.manager_comments == "Tell the school the plan first"
    second = propose(place, case, reason="family_declined")
    assert ClosureProposal.objects.filter(case=case).count() == 2
    assert second.status == ClosureStatus.PROPOSED


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reason": "stepped_up"}, "reason", "Select the reason for closing the case"),
        ({"reason": "other"}, "reason_detail", "Enter the reason for closing the case"),
        ({"exit_plan": " "}, "exit_plan", "Enter what the family will do"),
        ({"exit_support": ""}, "exit_support", "Enter where the family can get help"),
        ({"closing_level": None}, "closing_level", "Select the family's level of need"),
    ],
)
def test_closure_needs_a_reason_an_exit_plan_and_the_closing_level(
    place, case, change, field, message
):
    with pytest.raises(ApplicationError) as error:
        propose(place, case, **change)
    assert error.value.extra[field][0].startswith(message)
    case.refresh_from_db()
    assert case.state == State.PLAN_AND_REVIEW
    assert not FamilyFeedback.objects.filter(case=case).exists()  # nothing half-written


def test_only_a_manager_signs_off_and_only_a_proposal_can_be_signed_off(place, case):
    with pytest.raises(ApplicationError, match="You cannot close the case"):
        case_closure_sign_off(actor=fresh(place.manager), case=case)
    propose(place, case)
    with pytest.raises(PermissionDenied):
        case_closure_sign_off(actor=fresh(place.worker), case=case)
    with pytest.raises(ApplicationError, match="Enter your comments"):
        case_closure_return(actor=fresh(place.manager), case=case, comments=" ")


def test_a_closure_signed_off_from_a_stale_page_is_refused(place, case):
    seen = case.version
    propose(place, case)
    with pytest.raises(ConcurrentChangeError):
        case_closure_sign_off(actor=fresh(place.manager), case=case, expected_version=seen)


def test_stepping_up_closes_the_case_with_that_outcome_date_and_reasons(place, case):
    case_step_up(
        actor=fresh(place.manager),
        case=case,
        reason="Disclosure of physical harm: referred to the MASH today",
        closing_level=level(4),
    )
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.closure_reason == "stepped_up"
    assert case.closed_on == timezone.localdate() and case.closure_level == level(4)
    assert case.transitions.get(name="step_up").reason.startswith("Disclosure")
    with pytest.raises(PermissionDenied):
        case_step_up(
            actor=fresh(place.worker),
            case=CaseFactory(lead_agency=place.council, state=State.ALLOCATED),
            reason="x",
        )


def test_stepping_across_adds_the_lead_child_protection_practitioner_and_keeps_the_lead(
    place, case
):
    social_care = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    social_worker = member(Role.PRACTITIONER, agency=social_care)
    on = timezone.localdate()
    step = case_step_across(
        actor=fresh(place.worker),
        case=case,
        agency=social_care,
        practitioner=social_worker,
        reason="Section 47 enquiry after a strategy discussion",
        stepped_across_on=on,
    )
    case.refresh_from_db()
    assert case.state == State.PLAN_AND_REVIEW and case.lead_practitioner == place.worker
    member_row = step.team_member
    assert (member_row.user, member_row.agency, member_row.role_on_case) == (
        social_worker,
        social_care,
        LEAD_CP_ROLE,
    )
    assert StepAcross.objects.get(case=case).reason.startswith("Section 47")
    with pytest.raises(ApplicationError) as error:
        case_step_across(
            actor=fresh(place.worker),
            case=case,
            agency=social_care,
            practitioner=social_worker,
            reason="",
        )
    assert error.value.extra["reason"] == ["Enter why the case is stepping across"]


def test_family_feedback_at_a_review_is_recorded_for_family_plans(place, case):
    feedback = family_feedback_record(
        actor=fresh(place.worker),
        case=case,
        kind="review",
        timely_and_helpful=None,
        about_lead_practitioner="She listens and comes when she says",
        reference="family_plans.PlanReview:7",
    )
    assert feedback.kind == "review" and feedback.reference == "family_plans.PlanReview:7"
    assert feedback.lead_practitioner == place.worker
    with pytest.raises(ApplicationError) as error:
        family_feedback_record(actor=fresh(place.worker), case=case, kind="whenever")
    assert error.value.extra["kind"] == ["Select when the feedback was given"]


# --------------------------------------------------------------------------- read-only


@pytest.fixture
def closed(place, case):
    TeamMemberFactory(case=case, agency=place.school, user=place.teacher)
    propose(place, case)
    case_closure_sign_off(actor=fresh(place.manager), case=case)
    case.refresh_from_db()
    return case


def test_a_closed_case_refuses_notes_shares_team_changes_and_consent_with_the_reason(place, closed):
    lead = fresh(place.worker)
    person = HouseholdMemberFactory(family=closed.family).person
    attempts = {
        "only a manager can add a note": lambda: note_add(
            actor=lead,
            case=closed,
            note_type="call",
            contact_date=timezone.localdate(),
            text="Called mum",
        ),
        "no one can join its team": lambda: team_member_add(
            actor=lead, case=closed, agency=place.school
        ),
        "consent can no longer be recorded": lambda: consent_record(
            actor=lead, case=closed, decision="given", person=person
        ),
        "it can no longer be shared": lambda: case_share(
            actor=lead, case=closed, agency=place.school, basis="consent", purpose="x"
        ),
        "feedback can no longer": lambda: family_feedback_record(
            actor=lead, case=closed, kind="review"
        ),
    }
    for expected, attempt in attempts.items():
        with pytest.raises(ApplicationError) as error:
            attempt()
        assert error.value.message.startswith("This case is closed, so"), expected
        assert expected in error.value.message
    assert not CaseNote.objects.filter(case=closed).exists()
    assert not CaseTeamMember.objects.filter(case=closed, ended_on__isnull=True).exists()


def test_a_manager_may_still_add_a_closing_note(place, closed):
    note = note_add(
        actor=fresh(place.manager),
        case=closed,
        note_type="call",
        contact_date=timezone.localdate(),
        text="Mum called to say thank you; no further action.",
    )
    assert note.case == closed
    assert can_change(fresh(place.manager), Action.ADD_NOTE, closed)
    assert not can_change(fresh(place.worker), Action.ADD_NOTE, closed)


def test_no_transition_leaves_a_closed_case(place, closed):
    for name in ("start_plan", "propose_closure", "step_up", "allocate"):
        with pytest.raises(ApplicationError, match="while the case is 'closed'"):
            case_transition(actor=fresh(place.manager), case=closed, name=name)


def test_the_pages_of_a_closed_case_hide_and_refuse_its_changes(place, closed, signed_in_client):
    lead = signed_in_client(place.worker)
    summary = text_of(lead.get(f"/cases/{closed.pk}/").content.decode())
    assert "This case is closed" in summary
    for hidden in ("Add a note", "Record consent", "Add to the team", "Propose closing"):
        assert hidden not in summary, hidden
    assert "Needs met" in summary and "Keep the bedtime routine" in summary
    for path in ("notes/add/", "sharing/team/add/", "sharing/consent/add/", "sharing/shares/add/"):
        assert lead.get(f"/cases/{closed.pk}/{path}").status_code == 403, path
        assert lead.post(f"/cases/{closed.pk}/{path}", {}).status_code == 403, path
    for path in ("notes/", "sharing/"):
        assert "Add a note" not in lead.get(f"/cases/{closed.pk}/{path}").content.decode()
    manager = signed_in_client(place.manager)
    assert "Add a closing note" in manager.get(f"/cases/{closed.pk}/").content.decode()
    assert manager.get(f"/cases/{closed.pk}/notes/add/").status_code == 200


def test_proposing_closure_through_the_page_keeps_input_on_errors(place, case, signed_in_client):
    client = signed_in_client(place.worker)
    url = f"/cases/{case.pk}/closure/"
    page = client.post(
        url,
        {"reason": "needs_met", "exit_plan": "Keep going to the group", "version": case.version},
    ).content.decode()
    assert "<title>Error: Propose closing the case" in page
    assert (
        error_beside(page, "id_exit_support") == "Enter where the family can get help from now on"
    )
    assert "Keep going to the group" in page
    done = client.post(
        url,
        {
            "reason": "needs_met",
            "exit_plan": "Keep going to the group",
            "exit_support": "The family hub",
            "closing_level": level(2).pk,
            "timely_and_helpful": "unanswered",
            "version": case.version,
        },
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSING
    assert FamilyFeedback.objects.get(case=case).timely_and_helpful is None

    manager = signed_in_client(place.manager)
    decision = manager.get(f"/cases/{case.pk}/closure/decision/").content.decode()
    assert "Keep going to the group" in decision and "The family did not answer" in decision
    returned = manager.post(
        f"/cases/{case.pk}/closure/decision/", {"decision": "return", "version": case.version}
    ).content.decode()
    assert error_beside(returned, "id_comments") == "Enter your comments for the lead practitioner"
    signed = manager.post(
        f"/cases/{case.pk}/closure/decision/", {"decision": "sign_off", "version": case.version}
    )
    assert signed.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED


def test_the_step_up_and_step_across_pages(place, case, signed_in_client):
    social_care = AgencyFactory(kind=AgencyKind.CHILDRENS_SOCIAL_CARE, name="Children's Services")
    social_worker = member(Role.PRACTITIONER, agency=social_care)
    lead = signed_in_client(place.worker)
    assert lead.get(f"/cases/{case.pk}/step-up/").status_code == 403
    unknown = lead.post(
        f"/cases/{case.pk}/step-across/",
        {"agency": social_care.pk, "practitioner": "nobody@example.gov.uk", "reason": "S47"},
    ).content.decode()
    assert error_beside(unknown, "id_practitioner").startswith("Enter the email address of someone")
    across = lead.post(
        f"/cases/{case.pk}/step-across/",
        {"agency": social_care.pk, "practitioner": social_worker.email, "reason": "S47 enquiry"},
    )
    assert across.status_code == 302
    summary = text_of(lead.get(f"/cases/{case.pk}/").content.decode())
    assert "Stepped across to child protection" in summary and social_worker.full_name in summary

    manager = signed_in_client(place.manager)
    up = manager.post(
        f"/cases/{case.pk}/step-up/",
        {"reason": "Risk of significant harm", "version": case.version},
    )
    assert up.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED and case.closure_reason == "stepped_up"
    assert "Risk of significant harm" in manager.get(f"/cases/{case.pk}/").content.decode()

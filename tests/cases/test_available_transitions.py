"""The steps a page offers are exactly the ones `available_transitions` gives.

The case page's workflow buttons, the API's next steps and My work's queues all read
the one table (cases/workflow); for several roles and every state, what each of them
offers is checked against `available_transitions` for that person and that case.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cases.my_work import work_for
from cases.services import case_closure_propose
from cases.workflow import TRANSITIONS, available_transitions
from cases.workflow.table import TransitionName
from cases.workflow_states import State
from partners.models import User
from partners.roles import Role
from tests.cases.factories import CaseFactory, EnquiryFactory, TeamMemberFactory
from tests.cases.places import Place, build_place, level
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

# The pages of the case that take a step of the workflow.
WORKFLOW_PAGES = sorted({t.offer.url_name for t in TRANSITIONS.values() if t.offer})
ROLES = ("lead practitioner", "zone coordinator", "zone manager", "team partner", "other manager")


def people(place: Place) -> dict[str, User]:
    return {
        "lead practitioner": place.worker,
        "zone coordinator": place.coordinator,
        "zone manager": place.manager,
        "team partner": place.teacher,
        "other manager": member(Role.MANAGER, agency=place.council, zone=place.hub.zone),
    }


def case_in(place: Place, state: State):  # type: ignore[no-untyped-def]
    led = state not in (State.ENQUIRY_RECEIVED, State.SCREENING, State.AWAITING_ALLOCATION)
    case = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW if state == State.CLOSING else state,
        lead_agency=place.council if led else None,
        lead_practitioner=place.worker if led else None,
        allocation_level=level(3) if led else None,
    )
    EnquiryFactory(case=case, raised_by_agency=place.school)
    TeamMemberFactory(case=case, agency=place.school, user=place.teacher)
    if state == State.CLOSING:
        case_closure_propose(
            actor=place.worker,
            case=case,
            reason="needs_met",
            exit_plan="Keep the bedtime routine.",
            exit_support="Family hub drop-in on Tuesdays.",
            closing_level=level(2),
            feedback_asked=False,
        )
        case.refresh_from_db()
    return case


def workflow_links(html: str, case_id: int) -> set[str]:
    """The URL names of the workflow pages the case page links to."""
    hrefs = set(re.findall(r'href="([^"]+)"', html))
    return {name for name in WORKFLOW_PAGES if reverse(name, args=[case_id]) in hrefs}


def offered_by_table(user: User, case) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.offer.url_name for t in available_transitions(user, case) if t.offer}


@pytest.mark.parametrize("state", list(State))
def test_the_case_page_and_the_api_offer_exactly_the_available_transitions(state, signed_in_client):
    place = build_place()
    case = case_in(place, state)
    for role, user in people(place).items():
        client = signed_in_client(user)
        page = client.get(reverse("case-summary", args=[case.pk]))
        if page.status_code == 404:
            assert available_transitions(user, case) == [], role
            continue
        assert page.status_code == 200, role
        assert workflow_links(page.content.decode(), case.pk) == offered_by_table(user, case), (
            role,
            state,
        )

        steps = client.get(f"/api/v1/cases/{case.pk}/next-steps/")
        assert steps.status_code == 200, role
        assert [s["name"] for s in steps.json()] == [
            t.name for t in available_transitions(user, case)
        ], (role, state)


def test_the_roles_see_different_steps_so_the_comparison_means_something():
    place = build_place()
    closing = case_in(place, State.CLOSING)
    who = people(place)
    names = {role: {t.name for t in available_transitions(who[role], closing)} for role in ROLES}
    assert TransitionName.CLOSE in names["zone manager"]
    assert TransitionName.CLOSE not in names["lead practitioner"]
    assert names["team partner"] == set()


def test_the_manager_who_proposed_a_closure_is_offered_only_its_return():
    place = build_place()
    case = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.manager,
        allocation_level=level(3),
    )
    case_closure_propose(
        actor=place.manager,
        case=case,
        reason="needs_met",
        exit_plan="Keep the bedtime routine.",
        exit_support="Family hub drop-in on Tuesdays.",
        closing_level=level(2),
        feedback_asked=False,
    )
    case.refresh_from_db()
    names = [t.name for t in available_transitions(place.manager, case)]
    assert TransitionName.RETURN_FROM_CLOSING in names
    assert TransitionName.CLOSE not in names


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        (State.AWAITING_ALLOCATION, "allocation"),
        (State.ALLOCATED, "assessment"),
        (State.ASSESSMENT, "assessment"),
        (State.CLOSING, "closure"),
    ],
)
def test_my_work_lists_a_case_only_for_a_step_available_to_the_person(state, kind):
    place = build_place()
    case = case_in(place, state)
    steps = {
        "allocation": {TransitionName.ALLOCATE},
        "assessment": {TransitionName.START_ASSESSMENT, TransitionName.START_PLAN},
        "closure": {TransitionName.RETURN_FROM_CLOSING, TransitionName.CLOSE},
    }[kind]
    listed_for = set()
    for role, user in people(place).items():
        listed = any(item.case.pk == case.pk for item in work_for(user, kinds=[kind]))
        available = {t.name for t in available_transitions(user, case)}
        if listed:
            listed_for.add(role)
            assert available & steps, (role, state)
    assert listed_for, "someone has this case in their work"

"""The case summary page: the landing tab of every case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cases import selectors
from cases.access import Action, can, can_change
from cases.case_page import case_page
from cases.models import Case
from cases.selectors.journey import case_journey, earlier_case_if_visible
from cases.services import LED_STATES
from cases.workflow import offered_pages
from cases.workflow.table import (
    CLOSURE_DECISION_PAGE,
    CLOSURE_PROPOSAL_PAGE,
    SCREENING_PAGE,
    STEP_UP_PAGE,
)


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str
    primary: bool = False


def next_steps(user: Any, case: Case) -> list[NextStep]:
    """What this person can do next on this case, as buttons.

    The steps along the workflow are the pages of the transitions available to them
    (cases/workflow: `available_transitions`); the others are the case's own actions.
    """
    steps: list[NextStep] = []
    kwargs = {"case_id": case.pk}
    workflow = offered_pages(user, case)

    def offer(url_name: str) -> NextStep | None:
        page = workflow.get(url_name)
        if page is None:
            return None
        return NextStep(page.label, reverse(page.url_name, kwargs=kwargs), page.primary)

    if screening := offer(SCREENING_PAGE.url_name):
        steps.append(screening)
    if can_change(user, Action.ADD_NOTE, case):  # on a closed case: managers' closing notes
        label = "Add a note" if case.is_open else "Add a closing note"
        steps.append(NextStep(label, reverse("case-note-add", kwargs=kwargs)))
    if can_change(user, Action.MANAGE_TEAM, case):
        steps.append(NextStep("Record consent", reverse("case-consent-add", kwargs=kwargs)))
        steps.append(NextStep("Add to the team", reverse("case-team-add", kwargs=kwargs)))
    if case.state in LED_STATES and can(user, Action.REASSIGN, case):
        steps.append(
            NextStep("Change the lead practitioner", reverse("case-lead-change", kwargs=kwargs))
        )
    if proposal := offer(CLOSURE_PROPOSAL_PAGE.url_name):
        steps.append(proposal)
    if decision := offer(CLOSURE_DECISION_PAGE.url_name):
        steps.insert(0, decision)
    if case.state in LED_STATES and can(user, Action.WORK, case):
        steps.append(
            NextStep("Step across to child protection", reverse("case-step-across", kwargs=kwargs))
        )
    if step_up := offer(STEP_UP_PAGE.url_name):
        steps.append(step_up)
    if can(user, Action.GRANT_ACCESS, case):
        steps.append(NextStep("Grant access", reverse("case-access-grant", kwargs=kwargs)))
    return steps


@case_page()
def case_summary(request: HttpRequest, case: Case) -> HttpResponse:
    screens = can(request.user, Action.SCREEN, case)
    return render(
        request,
        "cases/case_summary.html",
        {
            "case": case,
            "tab": "summary",
            "enquiry": selectors.case_enquiry(case=case),
            "team": selectors.case_team(case=case, current_only=True),
            "next_steps": next_steps(request.user, case),
            "possible_duplicates": selectors.case_possible_duplicates(user=request.user, case=case)
            if screens
            else [],
            "journey": case_journey(case=case),
            "earlier": earlier_case_if_visible(user=request.user, case=case),
            "can_correct": can(request.user, Action.CORRECT_RECORD, case),
        },
    )

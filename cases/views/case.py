"""The case summary page: the landing tab of every case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cases import selectors
from cases.access import Action, can, can_change, is_front_door_case
from cases.case_page import case_page
from cases.models import Case
from cases.selectors.journey import case_journey, earlier_case_if_visible
from cases.services import LED_STATES
from cases.workflow_states import State


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str
    primary: bool = False


def next_steps(user: Any, case: Case) -> list[NextStep]:
    """What this person can do next on this case, as buttons."""
    steps: list[NextStep] = []
    kwargs = {"case_id": case.pk}
    if is_front_door_case(case) and can(user, Action.SCREEN, case):
        steps.append(
            NextStep(
                "Record the screening decision", reverse("case-screening", kwargs=kwargs), True
            )
        )
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
    if case.state in (State.ALLOCATED, State.ASSESSMENT, State.PLAN_AND_REVIEW) and can(
        user, Action.WORK, case
    ):
        steps.append(
            NextStep("Propose closing the case", reverse("case-closure-propose", kwargs=kwargs))
        )
    if case.state == State.CLOSING and can(user, Action.SIGN_OFF, case):
        steps.insert(
            0,
            NextStep("Sign off the closure", reverse("case-closure-decision", kwargs=kwargs), True),
        )
    if case.state in LED_STATES and can(user, Action.WORK, case):
        steps.append(
            NextStep("Step across to child protection", reverse("case-step-across", kwargs=kwargs))
        )
    if case.is_open and not is_front_door_case(case) and can(user, Action.SIGN_OFF, case):
        steps.append(NextStep("Step up to social care", reverse("case-step-up", kwargs=kwargs)))
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

"""The case summary page: the landing tab of every case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cases import selectors
from cases.access import Action, access_case, can, is_front_door_case
from cases.models import Case
from earlyhelp.url_policy import Policy, access_policy


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
    if case.is_open and can(user, Action.ADD_NOTE, case):
        steps.append(NextStep("Add a note", reverse("case-note-add", kwargs=kwargs)))
    if case.is_open and can(user, Action.MANAGE_TEAM, case):
        steps.append(NextStep("Record consent", reverse("case-consent-add", kwargs=kwargs)))
        steps.append(NextStep("Add to the team", reverse("case-team-add", kwargs=kwargs)))
    if can(user, Action.GRANT_ACCESS, case):
        steps.append(NextStep("Grant access", reverse("case-access-grant", kwargs=kwargs)))
    return steps


@access_policy(Policy.CASE)
def case_summary(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id)
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
        },
    )

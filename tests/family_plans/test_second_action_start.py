"""'Add another action' gives the new row today's start date, as the first row had, so
saving two actions does not fail on a missing start date."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.family_plans.factories import days, needs_of, planned_case

pytestmark = pytest.mark.django_db


def test_a_second_action_row_starts_today(signed_in_client):
    pc = planned_case()
    worker = signed_in_client(pc.worker)
    started = worker.post(f"/cases/{pc.case.pk}/plan/start/")
    outcome_page = started["Location"]
    added = worker.post(
        outcome_page,
        {"wanted": "On time for school", "whose_words": "Mum", "need_keys": [needs_of(pc)[0]]},
    )
    today = timezone.localdate()
    more = worker.post(
        added["Location"],
        {
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "0",
            "actions-0-what": "Walk to school together",
            "actions-0-owner": f"family:{pc.adults[0].pk}",
            "actions-0-start_on": f"{days(0):%d/%m/%Y}",
            "actions-0-due_on": f"{days(28):%d/%m/%Y}",
            "add": "actions",
        },
    ).content.decode()

    second = re.search(r'name="actions-1-start_on"[^>]*value="([^"]*)"', more) or re.search(
        r'value="([^"]*)"[^>]*name="actions-1-start_on"', more
    )
    assert second is not None and second.group(1) == f"{today:%d/%m/%Y}"


def test_the_error_summary_names_the_action_each_error_is_about(signed_in_client):
    pc = planned_case()
    worker = signed_in_client(pc.worker)
    outcome_page = worker.post(f"/cases/{pc.case.pk}/plan/start/")["Location"]
    actions_page = worker.post(
        outcome_page,
        {"wanted": "On time for school", "whose_words": "Mum", "need_keys": [needs_of(pc)[0]]},
    )["Location"]

    page = worker.post(
        actions_page,
        {
            "actions-TOTAL_FORMS": "2",
            "actions-INITIAL_FORMS": "0",
            "actions-0-what": "Walk to school together",
            "actions-0-owner": f"family:{pc.adults[0].pk}",
            "actions-0-start_on": f"{days(0):%d/%m/%Y}",
            "actions-0-due_on": f"{days(28):%d/%m/%Y}",
            "actions-1-what": "Morning routine chart on the fridge",
            "actions-1-owner": "",
            "actions-1-start_on": f"{days(0):%d/%m/%Y}",
            "actions-1-due_on": f"{days(28):%d/%m/%Y}",
        },
    ).content.decode()

    summary = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    items = [
        re.sub(r"<[^>]+>", "", i).strip() for i in re.findall(r"<li>(.*?)</li>", summary, re.S)
    ]
    assert items and all(
        i.startswith("Action 2 (Morning routine chart on the fridge): ") for i in items
    )

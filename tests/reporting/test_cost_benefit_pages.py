from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.roles import Role
from reporting.models import UnitCost
from tests.partners.factories import member
from tests.reporting.cost_data import outcomes_data

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).with_name("unit_costs_example.csv")


def test_strategic_leads_see_the_figures_and_practitioners_may_not(signed_in_client):
    lead = signed_in_client(member(Role.STRATEGIC_LEAD))
    response = lead.get(reverse("cost-benefit"))
    assert response.status_code == 200
    assert "How this is estimated" in response.content.decode()
    assert (
        signed_in_client(member(Role.PRACTITIONER)).get(reverse("cost-benefit")).status_code == 403
    )


def test_an_administrator_imports_the_table_and_sees_the_totals(signed_in_client):
    admin = signed_in_client(member(Role.SYSTEM_ADMIN))
    upload = SimpleUploadedFile("costs.csv", EXAMPLE.read_bytes(), content_type="text/csv")
    response = admin.post(reverse("unit-costs-import"), {"file": upload, "year": "2017"})
    assert response.status_code == 302
    page = admin.get(response["Location"]).content.decode()
    assert "£44,878,149.00" in page
    assert "£1,767,680.00" in page  # child protection plan: 5524 x 320
    assert UnitCost.objects.count() == 13


def test_a_bad_file_lists_each_bad_row_imports_nothing_and_keeps_the_year(signed_in_client):
    admin = signed_in_client(member(Role.SYSTEM_ADMIN))
    content = EXAMPLE.read_text().replace(",1140,", ",1,140.5,")
    upload = SimpleUploadedFile("costs.csv", content.encode(), content_type="text/csv")
    response = admin.post(reverse("unit-costs-import"), {"file": upload, "year": "2019"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in page
    assert "Row 2:" in page
    assert 'value="2019"' in page
    assert UnitCost.objects.count() == 0


def test_missing_file_and_year_get_messages_beside_the_fields(signed_in_client):
    admin = signed_in_client(member(Role.SYSTEM_ADMIN))
    page = admin.post(reverse("unit-costs-import"), {"year": ""}).content.decode()
    assert "Select a CSV file" in page and "Enter the year" in page
    assert "<title>Error: Import unit costs" in page


def _cost_avoided(page: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The summary of the cost avoided (key: value) and its table by outcome (the outcome:
    counted, unit cost, cost avoided), read from the page."""
    summary_html = page[page.index('id="cost-avoided"') : page.index('id="cost-avoided-outcomes"')]
    summary = dict(
        re.findall(
            r'__key">([^<]+)</dt><dd class="govuk-summary-list__value">([^<]*)<', summary_html
        )
    )
    table = page[page.index('id="cost-avoided-outcomes"') : page.index("How this is estimated")]
    outcomes = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]:
        cells = [
            re.sub(r"<[^>]+>", " ", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        outcomes[html.unescape(cells[0].split("  ")[0])] = [" ".join(c.split()) for c in cells[1:]]
    return summary, outcomes


def test_strategic_leads_see_no_amount_built_on_fewer_than_5_children(signed_in_client):
    outcomes_data(2024)  # closed in 2024, shown on the page for 2025
    lead = signed_in_client(member(Role.STRATEGIC_LEAD)).get(reverse("cost-benefit") + "?year=2025")
    page = lead.content.decode()
    assert "Cost avoided by early help closed in 2024" in page
    summary, outcomes = _cost_avoided(page)
    assert summary == {
        "Cases closed": "fewer than 5",
        "Closed with needs met and sustained for 12 months": "fewer than 5",
        "Children of those cases": "6",
        "Estimated cost avoided": "Not shown",  # it includes the amounts below
        "Spend on early help": "£20,000.00",
        "For every £1 spent": "Not shown",  # x £20,000 would give the total back
    }
    assert outcomes == {
        "Support as a child in need (a step-up to children's social care)": [
            "6 children",
            "£1,610.00",
            "£9,660.00",
        ],
        # £5,524 x 2 would give the 2 children back, and so on.
        "A child protection plan": ["fewer than 5 children", "£5,524.00", "Not shown"],
        "A fixed period exclusion from school": ["fewer than 5 children", "£730.00", "Not shown"],
        "A reported domestic abuse case involving children": [
            "fewer than 5 families",
            "£5,550.00",
            "Not shown",
        ],
    }

    manager = signed_in_client(member(Role.MANAGER)).get(reverse("cost-benefit") + "?year=2025")
    exact = manager.content.decode()
    summary, outcomes = _cost_avoided(exact)
    assert summary["Cases closed"] == "4"
    assert summary["Estimated cost avoided"] == "£27,718.00"
    assert summary["For every £1 spent"] == "£1.39 avoided"
    assert outcomes["A child protection plan"] == ["2 children", "£5,524.00", "£11,048.00"]
    assert "Valued at £5524.00 (Child protection plan, Saied-Tessier 2014)" in exact

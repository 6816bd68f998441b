from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.roles import Role
from reporting.models import UnitCost
from tests.partners.factories import member

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

"""The directory's CSV in the Open Referral UK layout: out, and back in, all or nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.directory import oruk
from partners.directory.models import Service
from partners.roles import AgencyKind, Role
from tests.partners.directory.factories import ServiceFactory
from tests.partners.factories import AgencyFactory, ZoneFactory, member

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/","Click")'


@pytest.fixture
def curator():  # type: ignore[no-untyped-def]
    return member(Role.COORDINATOR, agency=AgencyFactory(kind=AgencyKind.COUNCIL_EARLY_HELP))


def csv_file(rows: list[dict[str, str]]) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=oruk.COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return SimpleUploadedFile("directory.csv", buffer.getvalue().encode(), "text/csv")


def good_row(**overrides: str) -> dict[str, str]:
    row = {
        "service.name": "Money advice drop-in",
        "service.description": "Free, confidential help with debts and benefits",
        "organization.name": "Citizens Advice Northborough",
        "service_taxonomy.taxonomy": "money;housing",
        "eligibility.minimum_age": "16",
        "service.assured_date": "2026-01-15",
    }
    row.update(overrides)
    return row


def test_an_import_with_one_bad_row_imports_nothing_and_lists_the_row(signed_in_client, curator):
    rows = [
        good_row(),
        good_row(**{"service.name": "Food bank", "eligibility.minimum_age": "eighteen"}),
        good_row(**{"service.name": "Youth club", "service_taxonomy.taxonomy": "fun"}),
    ]

    response = signed_in_client(curator).post(reverse("directory-import"), {"file": csv_file(rows)})

    html = response.content.decode()
    assert response.status_code == 200
    assert not Service.objects.exists()
    assert "The file has 2 rows with problems. Nothing has been imported" in html
    assert "eligibility.minimum_age must be a whole number of years from 0 to 120, not" in html
    assert "Food bank" in html and "Youth club" in html
    assert "service_taxonomy.taxonomy has needs we do not know: fun" in html


def test_a_good_file_adds_new_services_and_replaces_those_it_names(signed_in_client, curator):
    zone = ZoneFactory(code="north", name="North")
    existing = ServiceFactory(name="Old name")

    response = signed_in_client(curator).post(
        reverse("directory-import"),
        {
            "file": csv_file(
                [
                    good_row(**{"service_area.service_area": "north"}),
                    good_row(**{"service.id": str(existing.pk), "service.name": "New name"}),
                ]
            )
        },
    )

    assert response.status_code == 302
    added = Service.objects.get(name="Money advice drop-in")
    assert list(added.zones.all()) == [zone] and added.needs == ["money", "housing"]
    assert added.min_age == 16 and str(added.last_reviewed_on) == "2026-01-15"
    existing.refresh_from_db()
    assert existing.name == "New name" and existing.version == 2


def test_a_file_without_the_columns_is_refused_whole(signed_in_client, curator):
    upload = SimpleUploadedFile("directory.csv", b"name,desc\nA,B\n", "text/csv")

    html = signed_in_client(curator).post(reverse("directory-import"), {"file": upload})

    assert "The file has no service.name or service.description column" in html.content.decode()


def test_only_the_council_team_imports(signed_in_client):
    provider = member(Role.MANAGER, agency=AgencyFactory(kind=AgencyKind.VOLUNTARY))

    response = signed_in_client(provider).get(reverse("directory-import"))

    assert response.status_code == 403


def test_the_export_is_formula_safe_and_reads_back_in(signed_in_client, curator):
    ServiceFactory(name=FORMULA, needs=["money"], zones=[ZoneFactory(code="south")])

    response = signed_in_client(curator).get(reverse("directory-export"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert list(rows[0]) == oruk.COLUMNS
    assert rows[0]["service.name"] == "'" + FORMULA  # shown as text by a spreadsheet
    assert rows[0]["service_area.service_area"] == "south"
    parsed = oruk.read_file(response.content)
    assert isinstance(parsed, oruk.ParsedFile) and parsed.is_valid


def test_the_export_costs_the_same_queries_for_5_or_50_services(
    signed_in_client, curator, django_assert_max_num_queries
):
    client = signed_in_client(curator)
    ServiceFactory.create_batch(5)
    client.get(reverse("directory"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("directory-export"))
    ServiceFactory.create_batch(45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("directory-export"))

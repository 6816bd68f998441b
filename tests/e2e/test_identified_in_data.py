"""Browser: a coordinator imports a data set, reviews the uncertain matches and brings a
family to the allocation meeting's agenda, every page checked with axe."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.identified.models import IdentifiedFamily, Review
from cases.services import allocation_meeting_create
from tests.cases.identified.borough import build_borough, csv_bytes
from tests.cases.pages import upn
from tests.e2e.conftest import assert_accessible, assert_title_starts, sign_in
from tests.partners.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_imports_reviews_and_adds_a_family_to_the_agenda(page, live_server, tmp_path):
    b = build_borough()
    meeting = allocation_meeting_create(
        actor=b.place.coordinator, held_on=timezone.localdate(), zone=b.place.zone
    )
    bad = tmp_path / "attendance-bad.csv"
    bad.write_bytes(
        csv_bytes(
            [
                {"upn": upn(1), "date": "2026-01-05", "detail": "attendance 78%"},
                {"upn": "nonsense", "date": "2026-01-05"},
            ]
        )
    )
    good = tmp_path / "attendance.csv"
    good.write_bytes(
        csv_bytes(
            [
                {"upn": upn(1), "date": "2026-01-05", "detail": "attendance 78%"},
                {
                    "given_names": "Liam",
                    "family_name": "Bryne",
                    "date_of_birth": "2012-02-03",
                    "date": "2026-01-09",
                    "detail": "attendance 70%",
                },
            ]
        )
    )

    sign_in(page, live_server, b.place.coordinator.email, TEST_PASSWORD)
    page.get_by_role("link", name="Allocation", exact=True).click()
    page.get_by_role("link", name="Families identified in data").click()
    assert_title_starts(page, "Families identified in data")
    assert_accessible(page)

    page.get_by_role("link", name="Import a data set").click()
    assert_title_starts(page, "Import a data set")
    assert_accessible(page)
    page.get_by_label("School attendance", exact=True).check()
    page.get_by_label("Upload a CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    assert_title_starts(page, "Error: Import a data set")
    assert "Nothing has been imported" in page.content()
    assert_accessible(page)

    page.get_by_label("School attendance", exact=True).check()
    page.get_by_label("Upload a CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    assert_title_starts(page, "Uncertain matches")
    assert "1 matched, 1 to review" in page.content()
    assert_accessible(page)

    page.get_by_label("Liam Byrne", exact=False).check()
    page.get_by_role("button", name="Save the match for line 3").click()
    assert_title_starts(page, "Uncertain matches")
    assert "match confirmed" in page.content()

    page.get_by_role("link", name="Families", exact=True).click()
    assert_title_starts(page, "Families identified in data")
    assert "The Byrne family" in page.content()
    page.get_by_role("link", name="The Asante family").click()
    assert_title_starts(page, "The Asante family")
    assert_accessible(page)
    page.get_by_label("Bring the family to the next allocation meeting").check()
    page.get_by_role("button", name="Record the decision").click()
    assert_title_starts(page, "Error: The Asante family")
    assert_accessible(page)
    page.get_by_label("Bring the family to the next allocation meeting").check()
    page.get_by_label("Why").fill("Attendance has fallen all year")
    page.get_by_role("button", name="Record the decision").click()
    assert_title_starts(page, "Families identified in data")
    assert "is waiting for allocation" in page.content()

    page.goto(f"{live_server.url}/allocation-meetings/{meeting.pk}/")
    assert_title_starts(page, "Allocation meeting,")
    assert "Identified in data" in page.content()
    assert "Persistent absence (attendance 78%), Ama Asante" in page.content()
    assert_accessible(page)
    assert IdentifiedFamily.objects.get(family=b.asante).review == Review.AGENDA

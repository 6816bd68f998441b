"""The scorecard through the API: for the people who read the scorecard pages, with
small numbers suppressed for strategic leads exactly as the page suppresses them, and
the stored monthly rows only for readers who see exact numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from partners.roles import Role
from reporting.models import ScorecardSnapshot
from reporting.scorecard.periods import Period, PeriodKind
from tests.api.conftest import system
from tests.partners.factories import ZoneFactory, member

pytestmark = pytest.mark.django_db

MONTH = dt.date(2025, 4, 1)


@pytest.fixture
def snapshots() -> ZoneFactory:
    """Three enquiries in one zone in April 2025, twelve in another."""
    small, large = ZoneFactory(), ZoneFactory()
    ScorecardSnapshot.objects.create(measure="P3", month=MONTH, zone=small, numerator=3)
    ScorecardSnapshot.objects.create(measure="P3", month=MONTH, zone=large, numerator=12)
    return small


def _p3(response) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.json()
    return next(m for m in response.json()["measures"] if m["measure"] == "P3")


def test_strategic_leads_read_the_scorecard_with_small_numbers_suppressed(
    snapshots, signed_in_client
):
    lead = signed_in_client(member(Role.STRATEGIC_LEAD))
    area = lead.get("/api/v1/scorecard/", {"period": "2025-04"})
    assert area.json()["suppressed"] is True
    assert (_p3(area)["value"], _p3(area)["text"]) == (15.0, "15")
    zone = lead.get("/api/v1/scorecard/", {"period": "2025-04", "zone": snapshots.pk})
    assert _p3(zone)["value"] is None
    assert _p3(zone)["numerator"] == "fewer than 5"
    assert "3" not in _p3(zone)["text"]


def test_managers_read_the_exact_numbers(snapshots, signed_in_client):
    manager = signed_in_client(member(Role.MANAGER))
    zone = manager.get("/api/v1/scorecard/", {"period": "2025-04", "zone": snapshots.pk})
    assert zone.json()["suppressed"] is False
    assert _p3(zone)["value"] == 3.0


def test_the_period_defaults_to_last_month_and_a_bad_one_is_a_400(signed_in_client):
    lead = signed_in_client(member(Role.STRATEGIC_LEAD))
    from django.utils import timezone

    last_month = Period.containing(PeriodKind.MONTH, timezone.localdate()).shifted(-1)
    assert lead.get("/api/v1/scorecard/").json()["period"] == last_month.code
    assert lead.get("/api/v1/scorecard/", {"period": "2025-13"}).status_code == 400
    both = lead.get("/api/v1/scorecard/", {"zone": 1, "agency": 2})
    assert both.status_code == 400


def test_monthly_rows_are_for_readers_of_exact_numbers_only(snapshots, signed_in_client):
    coordinator = signed_in_client(member(Role.COORDINATOR))
    rows = coordinator.get("/api/v1/scorecard/snapshots/", {"zone": snapshots.pk})
    assert rows.status_code == 200
    assert [(r["measure"], r["numerator"]) for r in rows.json()["results"]] == [("P3", 3)]
    assert rows.json()["results"][0]["title"] == "Enquiries received"
    # Cells this small would be given away by the published totals: not for strategic leads.
    lead = signed_in_client(member(Role.STRATEGIC_LEAD))
    assert lead.get("/api/v1/scorecard/snapshots/").status_code == 403


def test_casework_roles_and_agency_tokens_may_not_read_the_scorecard(signed_in_client):
    practitioner = signed_in_client(member(Role.PRACTITIONER))
    token = system()
    for path in ("/api/v1/scorecard/", "/api/v1/scorecard/snapshots/"):
        assert practitioner.get(path).status_code == 403
        assert token.client().get(path).status_code == 403

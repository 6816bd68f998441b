import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cases.models import AuditEntry
from partners.models import ApiToken
from partners.services import api_token_revoke
from tests.api.conftest import AgencySystem, led_case, system, token_for
from tests.cases.factories import ShareFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def test_issue_api_token_prints_a_token_once_that_then_works(capsys):
    agency = system().agency
    call_command("issue_api_token", "--agency", agency.name, "--scope", "read", "--days", "30")
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("eh_")
    row = ApiToken.objects.get(agency=agency, scope="read")
    assert token not in (row.key_hash, row.key_prefix)  # only a hash is kept
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/cases/")
    assert response.status_code == 200


def test_an_unknown_agency_is_refused_by_the_command():
    with pytest.raises(Exception, match="No active agency"):
        call_command("issue_api_token", "--agency", "Nobody", "--scope", "read")


def test_calls_without_a_valid_token_are_401():
    anonymous = Client().get("/api/v1/cases/")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Bearer"
    bad = Client(HTTP_AUTHORIZATION="Bearer eh_00000000_notarealtoken")
    assert bad.get("/api/v1/cases/").status_code == 401


def test_a_revoked_or_expired_token_stops_working():
    revoked, expired = system(), system()
    api_token_revoke(token=revoked.row)
    expired.row.expires_at = timezone.now() - dt.timedelta(seconds=1)
    expired.row.save()
    assert revoked.client().get("/api/v1/cases/").status_code == 401
    assert expired.client().get("/api/v1/cases/").status_code == 401


def test_a_read_token_may_not_write():
    reader = system(scope="read")
    case = led_case(reader.agency, "Ilori")
    response = reader.client().post(
        f"/api/v1/cases/{case.pk}/notes/",
        {"note_type": "call", "contact_date": "2026-01-05", "text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_every_api_call_is_audited_with_the_token():
    school = system()
    school.client().get("/api/v1/cases/")
    entry = AuditEntry.objects.filter(reason="API call").latest("id")
    assert entry.detail["api"] == "GET /api/v1/cases/"
    assert entry.detail["token"] == school.row.key_prefix
    assert entry.user == school.row.user


def test_a_read_token_sees_exactly_the_cases_a_write_token_of_its_agency_sees():
    """Its own cases as lead agency, cases on whose team it is and cases shared with it:
    the scope keeps a read token to reading, not a narrower role."""
    writer = system()
    reader = token_for(writer.agency, "read")
    other = system(kind="police")
    own = led_case(writer.agency, "Adeyemi")
    teamed = led_case(other.agency, "Brennan")
    TeamMemberFactory(case=teamed, agency=writer.agency)
    shared = led_case(other.agency, "Kowalski")
    ShareFactory(case=shared, agency=writer.agency)
    led_case(other.agency, "Zzyzx")

    def seen(token: AgencySystem) -> set[int]:
        return {c["id"] for c in token.client().get("/api/v1/cases/").json()["results"]}

    assert seen(writer) == {own.pk, teamed.pk, shared.pk}
    assert seen(reader) == seen(writer)
    for case in (own, teamed, shared):
        assert reader.client().get(f"/api/v1/cases/{case.pk}/").status_code == 200
    assert reader.client().get(f"/api/v1/cases/{own.pk}/notes/").status_code == 200


@pytest.fixture
def two_per_minute(monkeypatch):  # type: ignore[no-untyped-def]
    """A rate of two calls a minute; returns a function that gives a new token a clean
    count in the shared cache (and clears it again afterwards)."""
    from django.core.cache import cache

    from partners.api_auth import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "2/minute"})
    keys: list[str] = []

    def counted(token: AgencySystem) -> AgencySystem:
        keys.append(f"throttle_token_token-{token.row.pk}")
        cache.delete(keys[-1])
        return token

    yield counted
    cache.delete_many(keys)


def test_each_token_is_rate_limited_on_its_own(two_per_minute):
    first, second = two_per_minute(system()), two_per_minute(system())
    assert [first.client().get("/api/v1/cases/").status_code for _ in range(2)] == [200, 200]
    refused = first.client().get("/api/v1/cases/")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Request was throttled.")
    assert int(refused["Retry-After"]) > 0
    # Another agency's token has its own count.
    assert [second.client().get("/api/v1/cases/").status_code for _ in range(2)] == [200, 200]
    assert second.client().get("/api/v1/cases/").status_code == 429

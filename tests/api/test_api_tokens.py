import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cases.models import AuditEntry
from partners.models import ApiToken
from partners.services import api_token_revoke
from tests.api.conftest import led_case, system

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
    assert Client().get("/api/v1/cases/").status_code in (401, 403)
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

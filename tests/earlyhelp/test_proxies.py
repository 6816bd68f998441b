"""The client's address and scheme are believed from trusted proxies only; a bad header is
ignored, never an error."""

from __future__ import annotations

import pytest
from django.test import Client

from cases.models import AuditEntry
from cases.models.audit import AuditAction
from earlyhelp.proxies import resolve_client
from partners.roles import Role
from tests.cases.factories import CaseFactory
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):  # type: ignore[no-untyped-def]
    settings.TRUSTED_PROXIES = ["10.0.0.0/29"]


def _refused_case_ip(**headers: str) -> tuple[int, str | None]:
    """Ask for a case the person may not see; the status and the refusal's address."""
    outsider = member(Role.PRACTITIONER)
    case = CaseFactory()
    client = Client()
    client.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/cases/{case.pk}/", **headers)
    refusals = AuditEntry.objects.filter(action=AuditAction.REFUSED, user=outsider)
    assert refusals.count() == 1
    return response.status_code, refusals.get().ip


@pytest.mark.parametrize(
    "forwarded_for",
    ["203.0.113.9", "nope", "203.0.113.9, 198.51.100.1", "", ",,,", "1.2.3.4:80", "x" * 500],
)
def test_forwarded_for_from_an_untrusted_peer_is_ignored(forwarded_for):
    status, ip = _refused_case_ip(HTTP_X_FORWARDED_FOR=forwarded_for)
    assert status == 404  # never a 500, whatever the header holds
    assert ip == "127.0.0.1"


@pytest.mark.parametrize(
    ("forwarded_for", "client"),
    [
        ("203.0.113.9", "203.0.113.9"),
        # Multi-valued: the rightmost address the proxy did not write itself is the client;
        # what the client wrote to its left is never read.
        ("1.1.1.1, 203.0.113.9", "203.0.113.9"),
        ("nope, 203.0.113.9", "203.0.113.9"),
        # A chain of trusted proxies is walked through.
        ("203.0.113.9, 10.0.0.3", "203.0.113.9"),
        # Malformed at the right: the last readable hop, the proxy itself.
        ("nope", PROXY),
        ("203.0.113.9, nope", PROXY),
        ("203.0.113.9:4711", PROXY),
        ("", PROXY),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("2001:db8::7", "2001:db8::7"),
    ],
)
def test_forwarded_for_from_a_trusted_proxy_names_the_client(behind_proxy, forwarded_for, client):
    status, ip = _refused_case_ip(HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR=PROXY)
    assert status == 404
    assert ip == client


def test_a_peer_outside_the_trusted_networks_is_not_believed(behind_proxy):
    status, ip = _refused_case_ip(HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.9")
    assert (status, ip) == (404, "10.0.0.9")


def test_no_proxy_is_trusted_by_default(settings):
    assert settings.TRUSTED_PROXIES == []
    assert str(resolve_client("127.0.0.1", "203.0.113.9")) == "127.0.0.1"


def test_a_malformed_peer_address_gives_no_address_rather_than_an_error():
    assert resolve_client("not-an-address", "203.0.113.9") is None
    status, ip = _refused_case_ip(REMOTE_ADDR="unix:/run/gunicorn.sock")
    assert (status, ip) == (404, None)


@pytest.mark.parametrize("trusted", [False, True])
def test_forwarded_proto_skips_the_https_redirect_only_from_a_trusted_proxy(settings, trusted):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = [PROXY] if trusted else []
    response = Client().get("/sign-in/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR=PROXY)
    if trusted:
        assert response.status_code == 200
    else:
        assert response.status_code == 301
        assert response["Location"].startswith("https://")


def test_every_response_carries_a_permissions_policy():
    response = Client().get("/")
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy

"""A session that has passed only the password reaches nothing but setting up and
checking the second factor; every staff URL, enumerated from the URL patterns, sends it
there. API tokens are not affected."""

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models.audit import AuditAction, AuditEntry
from earlyhelp.url_policy import Policy, declared_policy
from identity.middleware import BEFORE_SECOND_FACTOR
from partners.roles import Role
from partners.services import api_token_issue
from tests.earlyhelp.test_url_policy import all_patterns
from tests.identity.sessions import (
    code_for_key,
    give_authenticator,
    password_only_client,
    totp_code,
)
from tests.partners.factories import MembershipFactory, member

pytestmark = pytest.mark.django_db

REACHABLE_BEFORE_SECOND_FACTOR = {
    "second-factor",
    "second-factor-set-up",
    "session-status",
    "session-keep-alive",
}


def _example_path(route: str) -> str:
    """A concrete path for a route pattern: every converter or group filled in."""
    path = re.sub(r"\(\?P<\w+>\\d\+\)", "1", route)
    path = re.sub(r"\(\?P<\w+>[^)]+\)", "x", path)
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000001", path)
    path = re.sub(r"<(?:str|slug|path)?:?[^>]+>", "x", path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("/?", "/")
    return "/" + path


def staff_routes() -> list[tuple[str, str]]:
    """Every URL that is not public, as (route, concrete path); DRF's format-suffix
    variants of a route are the same view and are left out."""
    routes = []
    for route, pattern in all_patterns():
        declared = declared_policy(pattern.callback)
        if declared is None or declared.policy is Policy.PUBLIC or "<format>" in route:
            continue
        path = _example_path(route)
        resolve(path)  # the example path must reach the pattern's own view
        routes.append((route, path))
    return routes


def test_the_enumeration_covers_every_app_the_admin_and_the_api():
    paths = [p for _, p in staff_routes()]
    assert len(paths) > 80
    for expected in ("/admin/", "/api/v1/cases/", "/my-cases/", "/reporting/", "/staff/"):
        assert expected in paths


def test_every_staff_url_refuses_a_password_only_session():
    user = member(Role.SYSTEM_ADMIN)
    MembershipFactory(user=user, role=Role.MANAGER)
    client = password_only_client(user)
    reached = []
    for route, path in staff_routes():
        for method in (client.get, client.post):
            response = method(path)
            if response.status_code == 302 and response["Location"].startswith(
                reverse("second-factor")
            ):
                continue
            if path.startswith("/api/") and response.status_code == 403:
                assert "second factor" in response.json()["detail"]
                continue
            resolved = resolve(path)
            callback_marked = getattr(resolved.func, BEFORE_SECOND_FACTOR, False)
            if callback_marked and resolved.url_name in REACHABLE_BEFORE_SECOND_FACTOR:
                continue
            reached.append((route, method.__name__, response.status_code))
    assert reached == []


def test_only_the_second_factor_pages_are_reachable_before_it():
    marked = {
        pattern.name
        for _, pattern in all_patterns()
        if getattr(pattern.callback, BEFORE_SECOND_FACTOR, False)
        or getattr(getattr(pattern.callback, "view_class", None), BEFORE_SECOND_FACTOR, False)
    }
    assert marked == REACHABLE_BEFORE_SECOND_FACTOR


def test_the_same_session_reaches_everything_once_the_code_is_given():
    user = member(Role.MANAGER)
    device = give_authenticator(user)
    client = password_only_client(user)
    assert client.get(reverse("my-cases")).status_code == 302
    client.post(reverse("second-factor"), {"code": totp_code(device)})
    assert client.get(reverse("my-cases")).status_code == 200


def test_api_tokens_are_not_affected():
    membership = MembershipFactory(role=Role.PRACTITIONER)
    _, token = api_token_issue(actor=None, agency=membership.agency, scope="read")
    response = Client().get("/api/v1/cases/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_the_api_refuses_a_password_only_session_with_a_structured_error():
    client = password_only_client(member(Role.PRACTITIONER))
    response = client.get("/api/v1/cases/")
    assert response.status_code == 403
    assert response.json()["errors"] == {}


def test_setting_up_an_authenticator_shows_a_qr_code_drawn_here_and_gives_backup_codes():
    user = member(Role.PRACTITIONER)
    client = password_only_client(user)
    page = client.get(reverse("second-factor-set-up")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert "http" not in re.search(r'<img class="app-qr-code" src="([^"]+)"', page).group(1)[:10]
    secret = re.search(r"data-secret-key>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")

    wrong = client.post(reverse("second-factor-set-up"), {"code": "123456"})
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.content.decode()
    same_secret = re.search(r"data-secret-key>([A-Z2-7 ]+)<", wrong.content.decode()).group(1)
    assert same_secret.replace(" ", "") == secret

    done = client.post(reverse("second-factor-set-up"), {"code": code_for_key(secret)})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(reverse("my-cases")).status_code in (200, 403)
    entry = AuditEntry.objects.get(action=AuditAction.SECOND_FACTOR_SET_UP)
    assert entry.detail == {"email": user.email, "kind": "totp", "source": "web"}


def test_a_backup_code_works_once():
    user = member(Role.PRACTITIONER)
    client = password_only_client(user)
    page = client.get(reverse("second-factor-set-up")).content.decode()
    secret = re.search(r"data-secret-key>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
    done = client.post(reverse("second-factor-set-up"), {"code": code_for_key(secret)})
    code = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())[0]

    again = password_only_client(user)
    response = again.post(reverse("second-factor"), {"code": code.upper()})
    assert response.status_code == 302
    assert StaticToken.objects.filter(token=code).count() == 0
    third = password_only_client(user)
    response = third.post(reverse("second-factor"), {"code": code})
    assert response.status_code == 200


def test_a_password_alone_cannot_replace_an_authenticator_already_set_up():
    user = member(Role.PRACTITIONER)
    give_authenticator(user)
    client = password_only_client(user)
    response = client.get(reverse("second-factor-set-up"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second-factor"))
    assert TOTPDevice.objects.filter(user=user).count() == 1

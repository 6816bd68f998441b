"""The family member's role against every URL of the project.

The URL enumeration is the one the access-policy test uses
(tests/earlyhelp/test_url_policy.py): every pattern, each with an example path whose
numbers are the ids of the family member's own case (and of its objects), so even the
staff pages of their own case are tried. A family session gets 404 from every URL
outside the family section, for GET and POST alike; inside it, every page answers only
about their own household, and another household's objects are 404.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import resolve

from cases.models import AuditEntry
from cases.models.audit import AuditAction
from earlyhelp.url_policy import Policy, declared_policy
from family_view.services.access import family_access_withdraw
from tests.earlyhelp.test_url_policy import all_patterns
from tests.family_view.factories import family_client, family_with_plan, invited

pytestmark = pytest.mark.django_db

FAMILY_ROUTES = {
    "family/",
    "family/sign-in/",
    "family/sign-in/code/",
    "family/sign-in/<str:token>/",
    "family/sign-out/",
    "family/language/",
    "family/plan/",
    "family/plan/actions/<int:action_id>/done/",
    "family/meeting.ics",
    "family/star/",
    "family/your-views/",
    "family/consent/",
    "family/consent/<int:agency_id>/",
    "family/feedback/",
}


def _example_path(route: str, number: int) -> str:
    path = re.sub(r"\(\?P<\w+>\\d\+\)", str(number), route)
    path = re.sub(r"\(\?P<\w+>[^)]+\)", "x", path)
    path = re.sub(r"<int:[^>]+>", str(number), path)
    path = re.sub(r"<uuid:[^>]+>", "00000000-0000-0000-0000-000000000001", path)
    path = re.sub(r"<(?:str|slug|path)?:?[^>]+>", "x", path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("/?", "/")
    return "/" + path


def outside_routes(number: int) -> list[tuple[str, str]]:
    routes = []
    for route, _pattern in all_patterns():
        if route in FAMILY_ROUTES or "<format>" in route:
            continue
        path = _example_path(route, number)
        resolve(path)  # the example reaches the pattern's own view
        routes.append((route, path))
    return routes


def test_the_family_section_is_exactly_the_family_namespace_and_declares_its_policy():
    found = {route for route, p in all_patterns() if route.startswith("family/")}
    assert found == FAMILY_ROUTES
    for route, pattern in all_patterns():
        declared = declared_policy(pattern.callback)
        assert declared is not None
        if route in FAMILY_ROUTES:
            assert declared.policy in (Policy.FAMILY, Policy.PUBLIC), route
        else:
            assert declared.policy is not Policy.FAMILY, route


def test_a_family_member_gets_404_from_every_url_outside_their_section():
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    routes = outside_routes(fwp.case.pk)
    assert len(routes) > 100
    answered = {}
    for route, path in routes:
        for method in (client.get, client.post):
            response = method(path)
            if response.status_code != 404:
                answered[(route, method.__name__)] = response.status_code
    assert answered == {}
    # ... and their session is still theirs afterwards.
    assert client.get("/family/").status_code == 200


def test_the_staff_pages_of_their_own_case_are_404_to_them():
    fwp = family_with_plan()
    client = family_client(invited(fwp))
    case = fwp.case.pk
    for path in (
        f"/cases/{case}/",
        f"/cases/{case}/notes/",
        f"/cases/{case}/assessment/",
        f"/cases/{case}/family-online/",
        f"/api/v1/cases/{case}/",
        "/",
        "/sign-in/",
        "/admin/",
    ):
        assert client.get(path).status_code == 404, path


def test_nothing_of_another_household_reaches_them():
    mine = family_with_plan()
    theirs = family_with_plan()
    theirs.mother.given_names = "Zenobia"
    theirs.mother.save(update_fields=["given_names"])
    invited(theirs)
    client = family_client(invited(mine))

    assert client.post(f"/family/plan/actions/{theirs.mothers_action.pk}/done/").status_code == 404
    theirs.mothers_action.refresh_from_db()
    assert theirs.mothers_action.status == "not_started"
    for url in (
        "/family/",
        "/family/plan/",
        "/family/star/",
        "/family/your-views/",
        "/family/consent/",
    ):
        body = client.get(url).content.decode()
        assert "Zenobia" not in body and theirs.case.reference not in body, url


def test_family_pages_send_anyone_without_a_family_session_to_sign_in(signed_in_client):
    fwp = family_with_plan()
    staff = signed_in_client(fwp.fc.worker)
    for route, pattern in all_patterns():
        if route not in FAMILY_ROUTES:
            continue
        if declared_policy(pattern.callback).policy is not Policy.FAMILY:  # type: ignore[union-attr]
            continue
        path = _example_path(route, fwp.mothers_action.pk)
        for client in (Client(), staff):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response["Location"] == "/family/sign-in/", path


def test_a_family_session_of_a_withdrawn_access_reaches_nothing():
    fwp = family_with_plan()
    access = invited(fwp)
    client = family_client(access)
    family_access_withdraw(actor=fwp.fc.worker, access=access, reason="No longer wanted")

    assert client.get("/family/plan/").status_code == 302
    assert client.get(f"/cases/{fwp.case.pk}/").status_code == 302  # signed out: to sign in


def test_a_refused_url_is_on_the_audit_log_and_family_pages_are_never_cached():
    fwp = family_with_plan()
    access = invited(fwp)
    client = family_client(access)

    client.get(f"/cases/{fwp.case.pk}/notes/")
    page = client.get("/family/plan/")

    refusal = AuditEntry.objects.filter(action=AuditAction.REFUSED).latest("id")
    assert refusal.user_id == access.actor_id
    assert refusal.detail["path"] == f"/cases/{fwp.case.pk}/notes/"
    assert "no-store" in page["Cache-Control"]

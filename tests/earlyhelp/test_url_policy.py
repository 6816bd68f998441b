"""Every URL declares an access policy; a view that declares none is refused."""

from collections.abc import Iterator

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path

from cases.case_page import fetches_case
from earlyhelp.url_policy import Policy, access_policy, declared_policy
from partners.roles import Role
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def all_patterns(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_every_url_pattern_declares_an_access_policy():
    undeclared = [route for route, p in all_patterns() if declared_policy(p.callback) is None]
    assert undeclared == [], f"URLs without a declared access policy: {undeclared}"


# CASE views whose URL names an object of a case rather than the case, and which fetch
# the case through `access_case` from that object (each says where).
CASE_FETCHED_THROUGH_ITS_OBJECT = {
    "reporting/audits/<int:audit_id>/": "reporting.audits.audit_for",
}


def test_every_case_policy_view_fetches_its_case_through_case_page():
    """A view declaring the CASE policy is wrapped by `case_page`, which fetches the
    case through `access_case` before the view runs, so none can forget the fetch."""
    case_views = [
        (route, p)
        for route, p in all_patterns()
        if (declared := declared_policy(p.callback)) is not None and declared.policy is Policy.CASE
    ]
    assert len(case_views) >= 57
    unwrapped = [
        route
        for route, p in case_views
        if not fetches_case(p.callback) and route not in CASE_FETCHED_THROUGH_ITS_OBJECT
    ]
    assert unwrapped == [], f"CASE views that do not fetch their case via case_page: {unwrapped}"
    assert all("<int:case_id>" in route for route, p in case_views if fetches_case(p.callback))


def test_the_enumeration_sees_every_app_and_the_admin():
    routes = [route for route, _ in all_patterns()]
    assert len(routes) > 20
    assert any(r.startswith("admin/") for r in routes)
    assert "sign-in/" in routes


def _undeclared_view(request):  # deliberately declares nothing
    return HttpResponse("secret")


@access_policy(Policy.ROLES, roles={Role.COORDINATOR})
def _coordinators_only(request):
    return HttpResponse("for coordinators")


urlpatterns = [
    path("undeclared/", _undeclared_view),
    path("coordinators/", _coordinators_only),
    *get_resolver("composition.urls").url_patterns,
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_without_a_declared_policy_is_refused_even_for_signed_in_users(signed_in_client):
    client = signed_in_client(member(Role.MANAGER))
    response = client.get("/undeclared/")
    assert response.status_code == 403
    assert b"secret" not in response.content


@override_settings(ROOT_URLCONF=__name__)
def test_a_roles_policy_admits_only_those_roles(signed_in_client):
    assert signed_in_client(member(Role.COORDINATOR)).get("/coordinators/").status_code == 200
    assert signed_in_client(member(Role.PRACTITIONER)).get("/coordinators/").status_code == 403
    assert Client().get("/coordinators/").status_code == 302


def test_the_admin_is_for_system_administrators_only(signed_in_client):
    assert signed_in_client(member(Role.SYSTEM_ADMIN)).get("/admin/").status_code == 200
    assert signed_in_client(member(Role.MANAGER)).get("/admin/").status_code == 403
    anonymous = Client().get("/admin/")
    assert anonymous.status_code == 302 and "/sign-in/" in anonymous["Location"]


def test_system_administrators_can_manage_agencies_in_the_admin(signed_in_client):
    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    assert client.get("/admin/partners/agency/").status_code == 200
    assert client.get("/admin/partners/agency/add/").status_code == 200
    assert client.get("/admin/partners/user/").status_code == 200

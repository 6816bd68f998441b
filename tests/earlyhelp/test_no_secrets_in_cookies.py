"""Messages live in the server-side session: no cookie holds personal data or a token, and
a new API token is shown once, on its own page."""

from __future__ import annotations

import pytest
from django.test import Client

from partners.models import ApiToken
from partners.roles import Role
from tests.cases.factories import CaseFactory, FamilyFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def cookie_text(client: Client) -> str:
    return " ".join(f"{c.key}={c.value}" for c in client.cookies.values())


def test_a_message_naming_a_person_is_kept_in_the_session_not_a_cookie():
    manager = member(Role.MANAGER)
    case = CaseFactory(
        family=FamilyFactory(name="The Featherstonehaugh family"),
        lead_agency=manager.memberships.get().agency,
    )
    grantee = member(Role.PRACTITIONER, user__full_name="Peregrine Wolstenholme")
    client = signed_in(manager)

    response = client.post(
        f"/cases/{case.pk}/access/grant/",
        {
            "agency": grantee.memberships.get().agency_id,
            "user": grantee.email,
            "reason": "Covering a colleague's leave",
            "days": "7",
        },
    )

    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert "Wolstenholme" not in cookie_text(client)
    shown = client.get(response["Location"]).content.decode()
    assert "Peregrine Wolstenholme can see this case for 7 days" in shown
    assert "messages" not in client.cookies


def test_a_new_api_token_is_shown_once_on_its_own_page_and_never_in_a_cookie():
    agency = AgencyFactory(name="Hillcrest Primary School")
    admin = signed_in(member(Role.SYSTEM_ADMIN))

    response = admin.post(
        "/admin/partners/apitoken/add/",
        {"name": "Hillcrest MIS", "agency": agency.pk, "scope": "read", "days": "30"},
    )

    row = ApiToken.objects.get(agency=agency)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/partners/apitoken/{row.pk}/issued/"
    page = admin.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    token = body.split('<code id="issued-token">')[1].split("</code>")[0]
    assert token.startswith(f"eh_{row.key_prefix}_")
    assert token not in cookie_text(admin)
    assert "messages" not in admin.cookies
    # The token works, and the page never shows it again.
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/cases/").status_code == 200
    again = admin.get(response["Location"]).content.decode()
    assert token not in again and "is not shown again" in again
    # Nobody but an administrator reaches the page.
    assert signed_in(member(Role.MANAGER)).get(response["Location"]).status_code in (302, 403)

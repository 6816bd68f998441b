"""Every refused request writes exactly one refusal, whichever door refused it."""

from __future__ import annotations

import pytest
from django.test import Client

from cases.audit import verify_chain
from cases.models import AuditEntry
from cases.models.audit import AuditAction
from partners.roles import Role
from tests.api.conftest import led_case, system
from tests.cases.factories import CaseFactory, HouseholdMemberFactory, TeamMemberFactory
from tests.partners.factories import member

pytestmark = pytest.mark.django_db


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.REFUSED).order_by("id"))


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# --------------------------------------------------------------------------- the API


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer eh_00000000_notarealtoken",
        "Bearer eh_0a1b2c3d_forged",
        "Bearer ",
        "Bearer qqqsecretqqq",
    ],
)
def test_a_bogus_token_is_one_refusal_that_never_holds_the_token(authorization):
    response = Client(HTTP_AUTHORIZATION=authorization).get("/api/v1/cases/")
    assert response.status_code == 401
    [refusal] = refusals()
    assert refusal.user_id is None
    assert refusal.reason.startswith("401 ")
    assert refusal.detail["path"] == "/api/v1/cases/"
    assert refusal.detail["source"] == "api"
    secret = authorization.removeprefix("Bearer ").split("_")[-1]
    if secret:
        assert secret not in str(refusal.detail) + refusal.reason


def test_a_forged_token_is_recorded_by_its_public_prefix_only():
    Client(HTTP_AUTHORIZATION="Bearer eh_0a1b2c3d_forgedsecretpart").get("/api/v1/cases/")
    [refusal] = refusals()
    assert refusal.detail["token"] == "0a1b2c3d"
    assert "forgedsecretpart" not in str(refusal.detail)


def test_no_token_at_all_is_one_refusal():
    assert Client().get("/api/v1/families/").status_code == 401
    assert len(refusals()) == 1


def test_a_read_token_writing_is_one_refusal_of_its_account():
    reader = system(scope="read")
    case = led_case(reader.agency, "Ilori")
    response = reader.client().post(
        f"/api/v1/cases/{case.pk}/notes/",
        {"note_type": "call", "contact_date": "2026-01-05", "text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    [refusal] = refusals()
    assert refusal.user_id == reader.row.user_id
    assert refusal.reason == "403 This token may only read."
    assert refusal.detail["token"] == reader.row.key_prefix
    # The refused call is not also logged as a call that happened.
    assert not AuditEntry.objects.filter(reason="API call", detail__status=403).exists()


def test_a_missing_role_on_the_api_is_one_refusal():
    school = system()
    assert school.client().get("/api/v1/scorecard/").status_code == 403
    [refusal] = refusals()
    assert refusal.user_id == school.row.user_id
    assert refusal.detail["status"] == 403


def test_a_case_refused_by_the_policy_on_the_api_is_one_refusal_not_two():
    school = system()
    other = CaseFactory()
    assert school.client().get(f"/api/v1/cases/{other.pk}/").status_code == 404
    [refusal] = refusals()
    assert refusal.reason == "case not visible to this user"


def test_a_person_of_another_case_under_a_visible_case_is_one_refusal_on_the_api():
    school = system()
    case = led_case(school.agency, "Ilori")
    stranger = HouseholdMemberFactory().person
    response = school.client().get(f"/api/v1/cases/{case.pk}/people/{stranger.pk}/")
    assert response.status_code == 404
    [refusal] = refusals()
    assert refusal.detail["case_id"] == case.pk
    assert refusal.detail["object_id"] == str(stranger.pk)
    # A person that does not exist at all is a plain 404: nothing was refused.
    school.client().get(f"/api/v1/cases/{case.pk}/people/{stranger.pk + 1000}/")
    assert len(refusals()) == 1


def test_a_hidden_family_on_the_api_is_one_refusal():
    school = system()
    hidden = CaseFactory().family
    assert school.client().get(f"/api/v1/families/{hidden.pk}/").status_code == 404
    assert school.client().get(f"/api/v1/families/{hidden.pk}/household/").status_code == 404
    assert [r.reason for r in refusals()] == [
        "object not visible to this user",
        "family not visible to this user",
    ]


# --------------------------------------------------------------------------- pages


def test_a_missing_role_on_a_page_is_one_refusal():
    practitioner = member(Role.PRACTITIONER)
    assert signed_in(practitioner).get("/reporting/").status_code == 403
    [refusal] = refusals()
    assert refusal.user_id == practitioner.pk


def test_an_action_refused_on_a_visible_case_is_one_refusal_not_two():
    practitioner = member(Role.PRACTITIONER)
    case = CaseFactory(lead_agency=practitioner.memberships.get().agency)
    assert signed_in(practitioner).get(f"/cases/{case.pk}/access/").status_code == 403
    [refusal] = refusals()
    assert refusal.reason == "action 'view_access_log' not allowed"


def test_a_team_member_of_another_case_under_a_visible_case_is_one_refusal():
    manager = member(Role.MANAGER)
    case = CaseFactory(lead_agency=manager.memberships.get().agency)
    elsewhere = TeamMemberFactory(case=CaseFactory())
    response = signed_in(manager).post(f"/cases/{case.pk}/sharing/team/{elsewhere.pk}/end/")
    assert response.status_code == 404
    [refusal] = refusals()
    assert refusal.detail["case_id"] == case.pk
    assert refusal.detail["object_type"] == "cases.CaseTeamMember"


def test_a_csrf_failure_is_one_refusal():
    practitioner = member(Role.PRACTITIONER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(practitioner, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post("/enquiries/new/").status_code == 403
    [refusal] = refusals()
    assert refusal.user_id == practitioner.pk
    assert verify_chain().ok


@pytest.mark.parametrize("forwarded_for", ["nope", "::::", "203.0.113.9, , x"])
def test_no_header_stops_a_refusal_being_written(forwarded_for):
    response = Client(HTTP_AUTHORIZATION="Bearer eh_0a1b2c3d_x").get(
        "/api/v1/cases/", HTTP_X_FORWARDED_FOR=forwarded_for
    )
    assert response.status_code == 401
    assert len(refusals()) == 1

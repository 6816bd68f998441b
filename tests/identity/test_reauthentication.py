"""Exports, access grants, issuing API tokens and changing your own second factor ask
for the password and the second factor again unless both were given in the last 15
minutes."""

import time

import pytest
from django.urls import reverse

from cases.models.audit import AuditAction, AuditEntry
from earlyhelp.reauthentication import requires_recent_authentication
from earlyhelp.sign_in_state import FIRST_FACTOR_AT, SECOND_FACTOR_AT
from partners.roles import Role
from tests.earlyhelp.test_url_policy import all_patterns
from tests.identity.sessions import give_authenticator, totp_code
from tests.identity.test_second_factor_required import _example_path
from tests.partners.factories import TEST_PASSWORD, AgencyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SENSITIVE = {
    "case-export",
    "case-export-request",
    "allocation-meeting-record-pdf",
    "returns-annex-a",
    "returns-ssd",
    "returns-cin",
    "returns-families-first",
    "returns-data-linking",
    "scorecard-csv",
    "scorecard-xlsx",
    "supporting-families-return",
    "board-pack",
    "case-access-grant",
    # Opening a case without a relationship, stating a reason (break-glass).
    "case-break-glass",
    # Your own second factor: new backup codes, a new authenticator app, a new passkey.
    "backup-codes-new",
    "authenticator-replace",
    "passkey-add",
}


def everyone_at_once():  # type: ignore[no-untyped-def]
    """One person holding every role, so no role check stands in front of the question."""
    agency = AgencyFactory(kind="council_early_help")
    first = MembershipFactory(agency=agency, role=Role.SYSTEM_ADMIN)
    for role in (Role.MANAGER, Role.COORDINATOR, Role.STRATEGIC_LEAD, Role.PRACTITIONER):
        MembershipFactory(agency=agency, user=first.user, role=role)
    return first.user


def go_stale(client, minutes: int = 16) -> None:  # type: ignore[no-untyped-def]
    session = client.session
    session[FIRST_FACTOR_AT] = time.time() - minutes * 60
    session[SECOND_FACTOR_AT] = time.time() - minutes * 60
    session.save()


def sensitive_paths() -> dict[str, str]:
    return {
        pattern.name: _example_path(route)
        for route, pattern in all_patterns()
        if requires_recent_authentication(pattern.callback)
    }


def test_the_sensitive_actions_are_exactly_the_ones_marked():
    assert set(sensitive_paths()) == SENSITIVE


@pytest.mark.parametrize("name", sorted(SENSITIVE))
def test_each_sensitive_action_asks_again_after_15_minutes(name, signed_in_client):
    client = signed_in_client(everyone_at_once())
    go_stale(client)
    path = sensitive_paths()[name]
    for method in (client.get, client.post):
        response = method(path, HTTP_REFERER=f"http://testserver{path}")
        if response.status_code == 405:
            continue
        assert response.status_code == 302, (name, method.__name__, response.status_code)
        assert response["Location"].startswith(reverse("reauthenticate") + "?next=")


@pytest.mark.parametrize("name", sorted(SENSITIVE))
def test_each_sensitive_action_goes_ahead_within_15_minutes(name, signed_in_client):
    client = signed_in_client(everyone_at_once())
    go_stale(client, minutes=14)
    path = sensitive_paths()[name]
    for method in (client.get, client.post):
        response = method(path)
        location = response.get("Location", "") if response.status_code == 302 else ""
        assert not location.startswith(reverse("reauthenticate")), (name, method.__name__)


def test_issuing_an_api_token_asks_again_after_15_minutes(signed_in_client):
    admin = MembershipFactory(role=Role.SYSTEM_ADMIN).user
    client = signed_in_client(admin)
    assert client.get("/admin/partners/apitoken/add/").status_code == 200
    go_stale(client)
    response = client.get("/admin/partners/apitoken/add/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reauthenticate"))
    response = client.post("/admin/partners/apitoken/add/", {"name": "x"})
    assert response["Location"].startswith(reverse("reauthenticate"))


def test_confirming_both_factors_returns_to_the_action(signed_in_client):
    person = everyone_at_once()
    device = give_authenticator(person)
    client = signed_in_client(person)
    go_stale(client)
    response = client.get(reverse("scorecard-csv"))
    confirm = response["Location"]
    page = client.get(confirm)
    assert "Confirm it is you" in page.content.decode()

    wrong = client.post(confirm, {"password": "not-my-password", "code": totp_code(device)})
    assert "Your password is not right" in wrong.content.decode()
    response = client.post(confirm, {"password": TEST_PASSWORD, "code": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("scorecard-csv")
    assert client.get(reverse("scorecard-csv")).status_code == 200
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert failed.detail["stage"] == "reauthenticate"


def test_a_wrong_code_on_confirming_is_refused(signed_in_client):
    person = everyone_at_once()
    give_authenticator(person)
    client = signed_in_client(person)
    go_stale(client)
    response = client.post(
        reverse("reauthenticate") + "?next=/reporting/scorecard.csv",
        {"password": TEST_PASSWORD, "code": "000000"},
    )
    assert response.status_code == 200
    assert "Enter a correct security code" in response.content.decode()
    go = client.get(reverse("scorecard-csv"))
    assert go["Location"].startswith(reverse("reauthenticate"))


def test_a_form_posted_after_15_minutes_comes_back_to_its_page(signed_in_client):
    client = signed_in_client(everyone_at_once())
    go_stale(client)
    response = client.post(
        reverse("returns-annex-a"), HTTP_REFERER="http://testserver/reporting/returns/"
    )
    assert response["Location"] == reverse("reauthenticate") + "?next=%2Freporting%2Freturns%2F"


def test_htmx_requests_are_sent_to_confirm_with_hx_redirect(signed_in_client):
    client = signed_in_client(everyone_at_once())
    go_stale(client)
    response = client.get(reverse("scorecard-csv"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("reauthenticate"))


def test_replacing_the_authenticator_app_needs_both_factors_again(signed_in_client):
    person = everyone_at_once()
    give_authenticator(person)
    client = signed_in_client(person)
    assert client.get(reverse("second-factor-set-up")).status_code == 200
    go_stale(client)
    response = client.get(reverse("second-factor-set-up"))
    assert response["Location"].startswith(reverse("reauthenticate"))

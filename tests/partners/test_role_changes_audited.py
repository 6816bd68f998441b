"""Role and membership changes, agency flags and API tokens are chained audit entries."""

from __future__ import annotations

import pytest
from django.test import Client

from cases.audit import verify_chain
from cases.models import AuditEntry
from partners.models import ApiToken, Membership
from partners.roles import Role
from partners.services import api_token_issue, api_token_revoke, membership_end, membership_grant
from tests.partners.factories import AgencyFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


@pytest.fixture
def admin() -> Client:
    client = Client()
    client.force_login(
        member(Role.SYSTEM_ADMIN), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def test_granting_and_ending_a_role_are_chained_entries():
    boss = member(Role.SYSTEM_ADMIN)
    person, agency = UserFactory(email="sam@school.example"), AgencyFactory(name="Oak School")

    membership = membership_grant(user=person, agency=agency, role=Role.MANAGER, actor=boss)
    membership_grant(user=person, agency=agency, role=Role.MANAGER, actor=boss)  # no change
    membership_end(membership=membership, actor=boss)

    granted, ended = entries("membership")
    assert (granted.reason, ended.reason) == ("role granted", "role ended")
    assert granted.user_id == boss.pk
    assert granted.detail["person"] == "sam@school.example"
    assert granted.detail["agency"] == "Oak School" and granted.detail["role"] == "manager"
    assert granted.object_type == "partners.Membership"
    assert ended.detail["ended_on"] is not None
    assert verify_chain().ok


def test_role_changes_in_the_admin_pages_are_chained_entries(admin):
    person, agency = UserFactory(), AgencyFactory()
    fields = {
        "user": person.pk,
        "agency": agency.pk,
        "role": Role.PRACTITIONER,
        "started_on": "05/01/2026",
    }
    assert admin.post("/admin/partners/membership/add/", fields).status_code == 302
    membership = Membership.objects.get(user=person)
    changed = {**fields, "role": Role.COORDINATOR}
    url = f"/admin/partners/membership/{membership.pk}/"
    assert admin.post(f"{url}change/", changed).status_code == 302
    assert admin.post(f"{url}delete/", {"post": "yes"}).status_code == 302

    added, changed_entry, deleted = entries("membership")
    assert added.reason == "role granted"
    assert changed_entry.reason == "role changed" and "role" in changed_entry.detail["changed"]
    assert changed_entry.detail["role"] == "coordinator"
    assert deleted.reason == "role deleted"
    assert not Membership.objects.filter(user=person).exists()
    assert verify_chain().ok


def test_an_agency_switched_off_in_the_admin_is_a_chained_entry(admin):
    agency = AgencyFactory(name="Brook Housing", kind="housing")
    fields = {
        "name": "Brook Housing",
        "kind": "housing",
        "email": "",
        "is_active": "",
        "may_lead_cases": "on",
    }
    response = admin.post(f"/admin/partners/agency/{agency.pk}/change/", fields)
    assert response.status_code == 302

    [entry] = entries("agency")
    assert entry.reason == "agency flags changed"
    assert entry.detail["flags"] == {"is_active": {"from": True, "to": False}}
    # A change of name alone is not a flag change.
    admin.post(f"/admin/partners/agency/{agency.pk}/change/", {**fields, "name": "Brook Homes"})
    assert len(entries("agency")) == 1


def test_issuing_and_revoking_a_token_are_chained_entries_without_the_token():
    boss = member(Role.SYSTEM_ADMIN)
    row, token = api_token_issue(actor=boss, agency=AgencyFactory(), scope="read")
    api_token_revoke(token=row, actor=boss)

    issued, revoked = entries("token")
    assert (issued.reason, revoked.reason) == ("API token issued", "API token revoked")
    assert issued.detail["prefix"] == row.key_prefix and issued.user_id == boss.pk
    secret = token.split("_", 2)[2]
    assert all(secret not in str(e.detail) for e in (issued, revoked))
    assert verify_chain().ok


def test_revoking_in_the_admin_pages_names_who_revoked(admin):
    row, _ = api_token_issue(actor=None, agency=AgencyFactory(), scope="write")
    response = admin.post(
        "/admin/partners/apitoken/",
        {"action": "revoke", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    [_, revoked] = entries("token")
    assert revoked.reason == "API token revoked" and revoked.user_id is not None

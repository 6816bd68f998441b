"""Lockout: keyed on the normalised email and the address, a higher limit per address
across emails against spraying, a page that says when to try again, audited unlocks."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models.audit import AuditAction, AuditEntry
from partners.roles import Role
from tests.partners.factories import TEST_PASSWORD, MembershipFactory, member

pytestmark = pytest.mark.django_db


def attempt(email: str, password: str, ip: str = "203.0.113.7"):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=ip).post(
        reverse("sign-in"), {"username": email, "password": password}
    )


def test_five_failures_lock_the_account_even_with_the_right_password():
    user = MembershipFactory().user
    for _ in range(5):
        attempt(user.email, "wrong-password-here")
    response = attempt(user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()


def test_failures_in_any_letter_case_count_against_one_account():
    user = MembershipFactory(user__email="school.pastoral2@agency.example").user
    variants = [
        "school.pastoral2@agency.example",
        "School.pastoral2@agency.example",
        "SCHOOL.PASTORAL2@AGENCY.EXAMPLE",
        " school.Pastoral2@Agency.Example ",
        "school.pastoral2@AGENCY.example",
    ]
    for variant in variants:
        attempt(variant, "wrong-password-here")

    for variant in ["School.pastoral2@agency.example", user.email]:
        response = attempt(variant, TEST_PASSWORD)
        assert response.status_code == 429, variant
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {user.email}


def test_the_lock_is_per_address_so_a_colleague_elsewhere_is_not_locked_out():
    user = MembershipFactory().user
    for _ in range(5):
        attempt(user.email, "wrong-password-here", ip="203.0.113.7")
    response = attempt(user.email, TEST_PASSWORD, ip="198.51.100.20")
    assert response.status_code == 302


def test_spraying_one_password_across_many_accounts_locks_the_address(settings):
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 8
    people = [MembershipFactory().user for _ in range(5)]
    for person in people:  # two tries each: under the per-account limit of five
        attempt(person.email, "Summer2026!!xx", ip="192.0.2.50")
        attempt(person.email, "Winter2026!!xx", ip="192.0.2.50")

    response = attempt(people[0].email, TEST_PASSWORD, ip="192.0.2.50")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins from your network" in page
    fresh = MembershipFactory().user
    assert attempt(fresh.email, TEST_PASSWORD, ip="192.0.2.50").status_code == 429
    assert attempt(fresh.email, TEST_PASSWORD, ip="192.0.2.51").status_code == 302
    lock = AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT).latest("id")
    assert lock.detail["locked"] == "address"


def test_the_locked_out_page_says_when_to_try_again_and_where_to_get_help(settings):
    user = MembershipFactory().user
    for _ in range(5):
        attempt(user.email, "wrong-password-here")
    last = AccessAttempt.objects.get(username=user.email).attempt_time
    response = attempt(user.email, TEST_PASSWORD)
    page = response.content.decode()
    try_again = timezone.localtime(last + dt.timedelta(minutes=30))
    assert f"{try_again:%-I:%M}" in page
    assert "You can try again after" in page
    assert "agency administrator" in page
    assert settings.SUPPORT_EMAIL in page


def test_locking_out_is_audited_once_and_each_refused_attempt_as_a_failure():
    user = MembershipFactory().user
    for _ in range(5):
        attempt(user.email, "wrong-password-here")
    attempt(user.email, TEST_PASSWORD)
    attempt(user.email, TEST_PASSWORD)
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT).count() == 1
    failures = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert failures.count() == 7
    assert failures.latest("id").reason == "locked out"


def test_a_system_administrator_unlocks_an_account_and_it_is_audited(signed_in_client):
    user = MembershipFactory().user
    for _ in range(5):
        attempt(user.email, "wrong-password-here")
    admin = member(Role.SYSTEM_ADMIN)
    client = signed_in_client(admin)
    page = client.get(reverse("staff-person", args=[user.pk])).content.decode()
    assert "Locked out" in page

    response = client.post(reverse("staff-unlock", args=[user.pk]))
    assert response.status_code == 302
    assert attempt(user.email, TEST_PASSWORD).status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.UNLOCKED)
    assert entry.user == admin
    assert entry.detail["email"] == user.email
    assert entry.detail["attempts_cleared"] == 1


def test_an_agency_administrator_unlocks_their_own_staff_only(signed_in_client):
    agency_admin = member(Role.AGENCY_ADMIN)
    [own_agency] = {m.agency for m in agency_admin.memberships.all()}
    mine = MembershipFactory(agency=own_agency).user
    other = MembershipFactory().user
    client = signed_in_client(agency_admin)
    assert client.post(reverse("staff-unlock", args=[mine.pk])).status_code == 302
    assert client.post(reverse("staff-unlock", args=[other.pk])).status_code == 404

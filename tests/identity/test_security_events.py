"""The security events page: system administrators only, filtered and paged; and one
identity per email address, whatever its letter case."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import User
from partners.roles import Role
from tests.partners.factories import MembershipFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def failed_sign_ins(count: int, email: str = "someone@agency.example") -> None:
    for _ in range(count):
        Client(REMOTE_ADDR="198.51.100.9").post(
            reverse("sign-in"), {"username": email, "password": "not-the-password"}
        )


def test_only_system_administrators_read_security_events(signed_in_client):
    assert (
        signed_in_client(member(Role.SYSTEM_ADMIN)).get(reverse("security-events")).status_code
        == 200
    )
    assert (
        signed_in_client(member(Role.AGENCY_ADMIN)).get(reverse("security-events")).status_code
        == 403
    )
    assert signed_in_client(member(Role.MANAGER)).get(reverse("security-events")).status_code == 403


def test_events_are_filtered_by_kind_email_and_date(signed_in_client):
    failed_sign_ins(2, "first@agency.example")
    failed_sign_ins(1, "second@agency.example")
    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    page = client.get(reverse("security-events"), {"action": "sign_in_failed"}).content.decode()
    assert page.count("first@agency.example") == 2
    assert "3 events" in page
    page = client.get(reverse("security-events"), {"email": "second@"}).content.decode()
    assert "1 event" in page and "first@agency.example" not in page
    page = client.get(reverse("security-events"), {"since": "1/1/2099"}).content.decode()
    assert "0 events" in page
    bad = client.get(reverse("security-events"), {"since": "2/2/2026", "until": "1/1/2026"})
    assert "The to date must be the same as or after the from date" in bad.content.decode()


def test_events_are_paged_fifty_at_a_time(signed_in_client):
    failed_sign_ins(4)  # the fifth would lock the address out of the test
    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    from identity.views import security_events

    security_events.PER_PAGE, before = 3, security_events.PER_PAGE
    try:
        page = client.get(reverse("security-events")).content.decode()
        assert "govuk-pagination" in page
    finally:
        security_events.PER_PAGE = before


def test_the_page_runs_the_same_queries_for_few_and_many_events(signed_in_client):
    client = signed_in_client(member(Role.SYSTEM_ADMIN))
    counts = []
    for extra in (2, 4):
        failed_sign_ins(extra, f"person{extra}@agency.example")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("security-events")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_two_accounts_cannot_differ_only_in_letter_case():
    UserFactory(email="sam.jones@school.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=UserFactory().pk).update(email="Sam.Jones@school.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="sam.jones@school.example", full_name="Another Sam")


def test_addresses_are_stored_normalised():
    user = User.objects.create_user(email="  Priya.SHAH@School.Example ", full_name="Priya")
    assert user.email == "priya.shah@school.example"
    assert User.objects.get_by_natural_key("PRIYA.shah@school.example ") == user
    MembershipFactory(user=user)

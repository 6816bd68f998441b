"""Shared test fixtures. Tests run against the real PostgreSQL and Redis."""

from __future__ import annotations

import contextlib

import pytest
from django.test import Client

from partners.roles import Role
from tests.partners.factories import TEST_PASSWORD, member


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Every database test starts with the seeded reference data.

    The data migrations seed levels of need, case types, stars, outcome frameworks and
    audit frameworks; transactional tests (browser, resilience) empty the database when
    they finish, so each database test restores whatever is missing first."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")  # database access, as the marker set it up
    from assessments.reference_data import ensure_reference_data as ensure_assessments
    from reporting.reference_data import ensure_reference_data as ensure_reporting

    ensure_assessments()  # and the cases' own
    ensure_reporting()


@pytest.fixture(autouse=True)
def _no_lockout_between_tests(settings):  # type: ignore[no-untyped-def]
    """Each test starts with django-axes' failure counters empty."""
    from axes.models import AccessAttempt

    yield
    with contextlib.suppress(Exception):  # tests without database access
        AccessAttempt.objects.all().delete()


@pytest.fixture(autouse=True, scope="session")
def _forced_logins_are_fully_signed_in():  # type: ignore[no-untyped-def]
    """`client.force_login(user)` gives a session past both factors, as the sign-in pages
    would (tests/identity/sessions.py); tests of sign-in use the pages themselves."""
    from tests.identity.sessions import forced_logins_fully_signed_in

    with forced_logins_fully_signed_in():
        yield


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def signed_in_client():  # type: ignore[no-untyped-def]
    """Return a function: signed_in_client(user) -> a Client signed in as that user."""

    def make(user) -> Client:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def practitioner():  # type: ignore[no-untyped-def]
    return member(Role.PRACTITIONER)

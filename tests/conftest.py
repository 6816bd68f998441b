"""Shared test fixtures. Tests run against the real PostgreSQL and Redis."""

from __future__ import annotations

import contextlib

import pytest
from django.test import Client

from partners.roles import Role
from tests.partners.factories import TEST_PASSWORD, member


@pytest.fixture(autouse=True)
def _no_lockout_between_tests(settings):  # type: ignore[no-untyped-def]
    """Each test starts with django-axes' failure counters empty."""
    from axes.models import AccessAttempt

    yield
    with contextlib.suppress(Exception):  # tests without database access
        AccessAttempt.objects.all().delete()


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

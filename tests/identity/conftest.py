"""Fixtures of the identity tests: a real OpenID Connect provider on loopback."""

from collections.abc import Iterator

import pytest

from tests.identity.oidc_provider.server import Provider, running_provider

TEST_CLIENT_CALLBACK = "http://testserver/sign-in/organisation/callback/"


@pytest.fixture(scope="session")
def oidc_provider(django_db_blocker) -> Iterator[Provider]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), running_provider([TEST_CLIENT_CALLBACK]) as provider:
        yield provider


@pytest.fixture
def single_sign_on(oidc_provider, settings) -> Provider:  # type: ignore[no-untyped-def]
    """The service configured to offer single sign-on with the loopback provider."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    return oidc_provider

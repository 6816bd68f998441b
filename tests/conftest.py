"""Shared test fixtures. Tests run against the real PostgreSQL and Redis."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

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


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One Chromium per test process, shared by every browser test wherever it lives
    (tests/e2e/, and features that keep their journey beside their other tests): a second
    Playwright in the same process would fail to start inside the first one's loop."""
    import shutil

    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Chromium is not installed: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


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


# Every page in a real browser (see tests/e2e/page_coverage.py). These hooks live in the
# root conftest so pytest-xdist's controlling process runs them too.
def pytest_configure(config: pytest.Config) -> None:
    """Name this run's page registry once, before pytest-xdist starts its workers."""
    from tests.e2e.page_coverage import RUN_VARIABLE

    os.environ.setdefault(RUN_VARIABLE, uuid.uuid4().hex)


# Where browser tests live: the journeys in tests/e2e, and the family's and the documents'
# journeys with the rest of their feature's tests.
BROWSER_TEST_DIRECTORIES = ("e2e", "family_view", "documents")


def _ran_every_browser_test(config: pytest.Config) -> bool:
    """The guard judges only a run of every browser test directory, unfiltered."""
    if config.getoption("keyword", "") or config.getoption("markexpr", ""):
        return False
    here = Path(__file__).resolve().parent
    roots = [Path(str(config.rootpath))] if not config.args else []
    for arg in config.args:
        if "::" in arg:
            return False
        roots.append(Path(arg).resolve())
    return all(
        any(root == here / name or root in (here / name).parents for root in roots)
        for name in BROWSER_TEST_DIRECTORIES
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Every page in a real browser: when every browser test ran, fail the run if a
    GET URL pattern was never checked with axe (pytest-xdist's workers skip this; the
    controlling process judges once they have all finished)."""
    config = session.config
    if hasattr(config, "workerinput") or not _ran_every_browser_test(config):
        return
    if session.testsfailed or session.shouldfail or session.shouldstop:
        return
    from tests.e2e.page_coverage import no_longer_unvisited, unvisited_patterns, visited_routes

    visited = visited_routes()
    missing = unvisited_patterns(visited)
    stale = no_longer_unvisited(visited)
    if not missing and not stale:
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"No browser test checked these pages with axe: {missing}"] if missing else []
    if stale:
        lines.append(f"Visited now, so take them off NOT_YET_VISITED: {stale}")
    if reporter is not None:
        for line in lines:
            reporter.write_line(line, red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED

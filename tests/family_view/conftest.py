"""The browser fixtures of tests/e2e, for the family's journey kept with its feature."""

from tests.e2e.conftest import browser, pytest_runtest_makereport  # noqa: F401

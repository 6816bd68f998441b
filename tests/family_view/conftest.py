"""The failure screenshots of tests/e2e for the browser journey kept with its feature (the
browser itself is shared from tests/conftest.py)."""

from tests.e2e.conftest import pytest_runtest_makereport  # noqa: F401

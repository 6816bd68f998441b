"""The documents tests run against a real clamd (started once per session, see clamd.py)
and keep their files in a temporary private storage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.documents.clamd import Clamd
from tests.e2e.conftest import page, pytest_runtest_makereport  # noqa: F401  (the journey)


@pytest.fixture(scope="session")
def clamd() -> Iterator[Clamd]:
    running = Clamd()
    running.start()
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _scanned_by_the_tests_clamd(settings, clamd: Clamd) -> None:  # type: ignore[no-untyped-def]
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = clamd.address
    settings.DOCUMENT_ALLOW_UNSCANNED = False


@pytest.fixture(autouse=True)
def _outbox_free_to_publish() -> None:
    from earlyhelp import outbox

    outbox.reset_broker_state()

"""Family plans tests rely on the assessments' seeded reference data (levels of need,
Family Star Plus, Supporting Families 2022-25). Transactional tests elsewhere empty the
database when they finish, so each database test here restores what is missing first.
Each test also starts with the outbox free to publish (a failure in an earlier test
must not leave this process waiting for the drain)."""

import pytest


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    from earlyhelp import outbox

    outbox.reset_broker_state()
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from assessments.reference_data import ensure_reference_data

    ensure_reference_data()

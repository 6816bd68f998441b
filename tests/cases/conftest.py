"""Cases tests rely on the seeded reference data (levels of need, case types, case
limits). Transactional tests elsewhere in the suite empty the database when they finish,
so each database test here restores what is missing first."""

import pytest


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")  # database access, as the marker set it up
    from cases.reference_data import ensure_reference_data

    ensure_reference_data()

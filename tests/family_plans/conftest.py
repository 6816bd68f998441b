"""Each family plans test starts with the outbox free to publish: a failure in an
earlier test must not leave this process waiting for the drain."""

import pytest


@pytest.fixture(autouse=True)
def _outbox_free_to_publish() -> None:
    from earlyhelp import outbox

    outbox.reset_broker_state()

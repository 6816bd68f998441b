"""The scan runs for real: the upload writes its task to the outbox in its transaction,
the outbox publishes it to a Redis of the test's own, and a Celery worker (a subprocess
on the test database) scans the file with the tests' clamd."""

from __future__ import annotations

import pytest

from documents.models import Document, ScanState
from earlyhelp.models import OutboxMessage
from tests.cases.relations import build_relations
from tests.documents.factories import uploaded
from tests.documents.files import pdf_bytes, pdf_with_eicar
from tests.family_plans.brokers import RedisServer, Worker, use_broker, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def worker(clamd):  # type: ignore[no-untyped-def]
    server = RedisServer()
    server.start()
    running = Worker(
        server.url, extra_env={"DOCUMENT_SCANNER": "clamd", "CLAMD_ADDRESS": clamd.address}
    )
    running.start()
    running.wait_until_ready()
    with use_broker(server.url):
        yield running
    running.stop()
    server.remove()


def state_of(document: Document) -> str:
    return Document.objects.get(pk=document.pk).scan_state


def test_uploads_are_scanned_by_the_worker_through_the_outbox(worker):
    world = build_relations()
    lead = world["lead practitioner"]
    clean = uploaded(actor=lead, case=world.case, content=pdf_bytes(), scanned=False)
    infected = uploaded(actor=lead, case=world.case, content=pdf_with_eicar(), scanned=False)
    assert OutboxMessage.objects.filter(task="documents.tasks.document_scan").count() == 2

    wait_for(lambda: state_of(clean) == ScanState.CLEAN, what=worker.output)
    wait_for(lambda: state_of(infected) == ScanState.INFECTED, what=worker.output)
    assert Document.objects.get(pk=infected.pk).stored_name.startswith("quarantine/")

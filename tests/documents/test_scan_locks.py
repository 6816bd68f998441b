"""The scan locks its document and nothing else.

An upload on the same case takes the audit chain's lock and then, as it commits, a
key-share lock on the case row (its foreign keys). A scan that held the case row
while it waited for the audit lock deadlocked with it: found by the scan worker's
test, one run in five. The scan's row lock is therefore on the document alone.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from documents import services
from documents.models import ScanState
from documents.scanning import ScanResult
from tests.cases.relations import build_relations
from tests.documents.factories import uploaded
from tests.row_locks import KEY_SHARE, NO_KEY_UPDATE, lock_seen

pytestmark = pytest.mark.django_db(transaction=True)

seen: list[str] = []


class CaseRowProbe:
    """A scanner that looks, mid-scan, at whether the case row is free for a key-share
    lock (what an upload's commit needs) and whether the document row is held."""

    name = "probe"
    case_id = 0
    document_id = 0

    def scan(self, chunks: Iterable[bytes]) -> ScanResult:
        seen.append(lock_seen("cases_case", self.case_id, KEY_SHARE))
        seen.append(lock_seen("documents_document", self.document_id, NO_KEY_UPDATE))
        return ScanResult(infected=False)


def test_a_scan_holds_its_document_and_leaves_the_case_row_free(settings):
    world = build_relations()
    settings.DOCUMENT_SCANNER = "clamd"  # queued for a scan at upload
    document = uploaded(actor=world["lead practitioner"], case=world.case, scanned=False)
    settings.DOCUMENT_SCANNER = f"{__name__}.CaseRowProbe"
    CaseRowProbe.case_id, CaseRowProbe.document_id = world.case.pk, document.pk
    seen.clear()

    scanned = services.document_scan(document_id=document.pk)

    assert scanned is not None and scanned.scan_state == ScanState.CLEAN
    assert seen == ["free", "locked"]  # the case free for an upload; the document held

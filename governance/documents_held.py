"""Case documents in the life of a record.

A document's row is reached by the holdings walk like any other (it points at its
case), so subject access lists it and retention anonymises its name and description.
Its bytes are not in any column: once the record is anonymised they are deleted from
private storage (the quarantine included), after the transaction commits so that a
rolled-back run keeps them.
"""

from __future__ import annotations

from django.db import transaction

from documents.models import Document
from documents.storage import document_storage
from governance.holdings import Holdings


def erase_document_files(holdings: Holdings) -> int:
    """Delete the stored bytes of every document in the record; returns how many.

    The rows in `holdings` were read before anonymisation rewrote them, so they still
    carry the stored names."""
    stored = [document.stored_name for document in holdings.rows.get(Document, [])]
    storage = document_storage()

    def delete() -> None:
        for name in stored:
            if storage.exists(name):
                storage.delete(name)

    transaction.on_commit(delete)
    return len(stored)

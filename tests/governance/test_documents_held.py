"""Case documents join the record: subject access lists them, and retention removes
their names and their bytes."""

from __future__ import annotations

import pytest

from documents.models import Document
from documents.storage import document_storage
from governance import retention
from governance.holdings import family_holdings, person_holdings
from tests.cases.relations import build_relations
from tests.documents.factories import uploaded

pytestmark = pytest.mark.django_db


def test_a_persons_holdings_include_the_documents_of_their_familys_cases():
    world = build_relations()
    document = uploaded(actor=world["lead practitioner"], case=world.case, scanned=False)
    person = world.case.family.members.first().person
    assert document.pk in person_holdings(person).ids(Document)


def test_anonymising_a_record_deletes_its_documents_bytes_and_their_names(
    django_capture_on_commit_callbacks,
):
    world = build_relations()
    document = uploaded(
        actor=world["lead practitioner"],
        case=world.case,
        name="okafor-school-report.pdf",
        description="Ada Okafor's school report",
        scanned=False,
    )
    stored = document.stored_name
    assert document_storage().exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        counts = retention.anonymise(family_holdings(world.case.family))

    assert counts["erase_document_files"] == 1
    assert not document_storage().exists(stored)
    document.refresh_from_db()
    assert "Okafor" not in document.original_name + document.description

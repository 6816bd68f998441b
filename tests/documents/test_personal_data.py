"""The registration point for subject access and retention: a person's documents, a
case's documents, and erasing one (bytes and record)."""

from __future__ import annotations

import pytest

from cases.models import NoteVisibility
from documents import selectors, services
from documents.models import Document
from documents.storage import document_storage
from tests.cases.relations import build_relations
from tests.documents.factories import uploaded

pytestmark = pytest.mark.django_db


def test_a_persons_documents_are_those_of_their_familys_cases_whatever_the_visibility():
    world = build_relations()
    lead = world["lead practitioner"]
    everyone = uploaded(actor=lead, case=world.case, scanned=False)
    restricted = uploaded(
        actor=lead, case=world.case, visibility=NoteVisibility.RESTRICTED, scanned=False
    )
    person = world.case.family.members.first().person
    assert set(selectors.documents_of_person(person=person)) == {everyone, restricted}
    assert set(selectors.documents_of_case(case=world.case)) == {everyone, restricted}


def test_erasing_a_document_removes_its_bytes_and_its_record(django_capture_on_commit_callbacks):
    world = build_relations()
    lead = world["lead practitioner"]
    document = uploaded(actor=lead, case=world.case, scanned=False)
    stored = document.stored_name
    with django_capture_on_commit_callbacks(execute=True):
        services.document_erase(actor=lead, document=document, reason="Retention period ended")
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not document_storage().exists(stored)

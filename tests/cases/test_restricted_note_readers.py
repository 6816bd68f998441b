"""A restricted note can name the people who oversee the case (the lead's manager, the
coordinator), and the notes list says when notes are withheld from the reader."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import selectors
from cases.models import NoteVisibility
from cases.note_withheld import withheld_note_count
from cases.services import note_add, note_reader_add
from cases.workflow_states import State
from tests.cases.factories import CaseFactory
from tests.cases.pages import text_of
from tests.cases.places import build_place

pytestmark = pytest.mark.django_db


def restricted_note(place):  # type: ignore[no-untyped-def]
    case = CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.worker,
    )
    note = note_add(
        actor=place.worker,
        case=case,
        note_type="call",
        contact_date=dt.date(2026, 1, 5),
        text="Disclosure about a partner's behaviour.",
        visibility=NoteVisibility.RESTRICTED,
    )
    return case, note


def test_the_coordinator_and_the_leads_manager_can_be_named_readers():
    place = build_place()
    case, note = restricted_note(place)

    workers = set(selectors.case_workers(case=case))

    assert {place.coordinator, place.manager, place.worker} <= workers
    assert place.other_coordinator not in workers
    note_reader_add(actor=place.worker, note=note, reader=place.coordinator)


def test_the_notes_list_says_a_note_was_withheld(signed_in_client):
    place = build_place()
    case, _ = restricted_note(place)

    assert withheld_note_count(user=place.second_worker, case=case) == 1
    page = signed_in_client(place.second_worker).get(f"/cases/{case.pk}/notes/")
    assert "1 note on this case is not shown to you because of its visibility" in text_of(
        page.content.decode()
    )
    assert withheld_note_count(user=place.worker, case=case) == 0

"""A restricted note can name the people who oversee the case (the lead's manager, the
coordinator), not only the Team Around the Family; and whoever may not read a note is
told that it was withheld, on the notes list and in the audit PDF, without its content."""

from __future__ import annotations

import datetime as dt

import pytest

from cases import selectors
from cases.access import visible_notes
from cases.models import NoteVisibility
from cases.note_withheld import withheld_note_count, withheld_notes
from cases.services import note_add, note_reader_add
from cases.workflow_states import State
from earlyhelp.errors import ApplicationError
from partners.roles import Role
from tests.cases.factories import CaseFactory
from tests.cases.pages import text_of
from tests.cases.places import build_place
from tests.partners.factories import member

pytestmark = pytest.mark.django_db

SECRET = "Disclosure about a partner's behaviour."


def led_case(place):  # type: ignore[no-untyped-def]
    return CaseFactory(
        family__family_hub=place.hub,
        state=State.PLAN_AND_REVIEW,
        lead_agency=place.council,
        lead_practitioner=place.worker,
    )


def restricted_note(place):  # type: ignore[no-untyped-def]
    case = led_case(place)
    note = note_add(
        actor=place.worker,
        case=case,
        note_type="call",
        contact_date=dt.date(2026, 1, 5),
        text=SECRET,
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
    assert note in visible_notes(place.coordinator, case)


def test_the_lead_names_the_coordinator_and_their_manager_on_the_note_form(signed_in_client):
    place = build_place()
    case = led_case(place)
    client = signed_in_client(place.worker)
    form = text_of(client.get(f"/cases/{case.pk}/notes/add/").content.decode())
    assert f"{place.coordinator.full_name}, {place.coordinator.job_title}" in form
    assert f"{place.manager.full_name}, {place.manager.job_title}" in form

    response = client.post(
        f"/cases/{case.pk}/notes/add/",
        {
            "note_type": "call",
            "contact_date_day": "5",
            "contact_date_month": "1",
            "contact_date_year": "2026",
            "text": SECRET,
            "visibility": NoteVisibility.RESTRICTED,
            "readers": [place.coordinator.pk, place.manager.pk],
        },
    )

    assert response.status_code == 302
    for reader in (place.coordinator, place.manager):
        page = signed_in_client(reader).get(f"/cases/{case.pk}/notes/").content.decode()
        assert SECRET in text_of(page)
        assert 'id="notes-withheld"' not in page
    other = signed_in_client(place.second_worker).get(f"/cases/{case.pk}/notes/")
    assert SECRET not in text_of(other.content.decode())


def test_the_service_refuses_a_named_reader_who_does_not_work_on_the_case():
    place = build_place()
    case = led_case(place)

    with pytest.raises(ApplicationError) as refused:
        note_add(
            actor=place.worker,
            case=case,
            note_type="call",
            contact_date=dt.date(2026, 1, 5),
            text=SECRET,
            visibility=NoteVisibility.RESTRICTED,
            readers=[place.other_coordinator],
        )

    assert refused.value.extra["readers"] == ["Select people who work on this case"]


def test_the_notes_list_says_a_note_was_withheld_without_its_content(signed_in_client):
    place = build_place()
    case, _ = restricted_note(place)

    assert withheld_note_count(user=place.second_worker, case=case) == 1
    page = signed_in_client(place.second_worker).get(f"/cases/{case.pk}/notes/")
    text = text_of(page.content.decode())
    assert "1 note withheld: restricted to the people its author named." in text
    assert SECRET not in text
    assert withheld_note_count(user=place.worker, case=case) == 0
    own = signed_in_client(place.worker).get(f"/cases/{case.pk}/notes/").content.decode()
    assert 'id="notes-withheld"' not in own


def test_withheld_notes_are_counted_by_why():
    place = build_place()
    case, _ = restricted_note(place)
    note_add(
        actor=place.worker,
        case=case,
        note_type="call",
        contact_date=dt.date(2026, 1, 6),
        text="A second restricted note.",
        visibility=NoteVisibility.RESTRICTED,
    )
    note_add(
        actor=place.worker,
        case=case,
        note_type="call",
        contact_date=dt.date(2026, 1, 7),
        text="For the council's staff.",
        visibility=NoteVisibility.LEAD_AGENCY,
    )
    teacher_view = withheld_notes(user=place.teacher, case=case)
    colleague_view = withheld_notes(user=place.second_worker, case=case)

    assert teacher_view.summary == (
        "3 notes withheld: 2 restricted to the people their authors named, "
        "1 for the lead agency only"
    )
    assert colleague_view.summary == (
        "2 notes withheld: restricted to the people their authors named"
    )


def test_the_audit_pdf_says_how_many_notes_were_withheld_from_its_reader():
    from assessments.reference_data import ensure_reference_data as ensure_assessments
    from reporting.exports.case_pdf import render_case_html
    from reporting.reference_data import ensure_reference_data as ensure_reporting

    ensure_assessments()
    ensure_reporting()
    place = build_place()
    case, _ = restricted_note(place)
    exporter = member(Role.MANAGER, agency=place.council)  # not named on the note

    html = text_of(render_case_html(case=case, viewer=exporter))
    assert (
        f"1 note withheld: restricted to the people its author named: it is on the case but "
        f"withheld from {exporter.full_name}, so it is not in this document."
    ) in html
    assert SECRET not in html
    authors = text_of(render_case_html(case=case, viewer=place.worker))
    assert "withheld" not in authors.split("Case notes", 1)[1].split("Documents", 1)[0]
    assert SECRET in authors

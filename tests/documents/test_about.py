"""A document may be about the case's assessment, plan or a TAF meeting, never another
case's; the upload page offers what this case has."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from cases.models import NoteVisibility
from documents import services
from documents.models import DocumentType
from earlyhelp.errors import ApplicationError
from tests.cases.relations import build_relations
from tests.documents.files import pdf_bytes, upload
from tests.family_plans.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_document_about_a_meeting_of_the_case_is_kept_with_it_and_offered_on_the_page():
    world = build_relations()
    lead = world["lead practitioner"]
    meeting = MeetingFactory(case=world.case, organiser=lead)
    client = Client()
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/cases/{world.case.pk}/documents/upload/?about=meeting:{meeting.pk}")
    assert f'value="meeting:{meeting.pk}" selected' in page.content.decode()

    [document] = services.document_upload(
        actor=lead,
        case=world.case,
        files=[upload("minutes.pdf", pdf_bytes())],
        document_type=DocumentType.MEETING_PAPERS,
        document_date=dt.date(2026, 1, 5),
        about=f"meeting:{meeting.pk}",
    )
    assert document.meeting == meeting
    assert document.about.startswith("Meeting on ")


def test_a_meeting_of_another_case_is_refused():
    world = build_relations()
    lead = world["lead practitioner"]
    elsewhere = MeetingFactory(case=world.closed_case, organiser=lead)
    with pytest.raises(ApplicationError) as raised:
        services.document_upload(
            actor=lead,
            case=world.case,
            files=[upload("minutes.pdf", pdf_bytes())],
            document_type=DocumentType.MEETING_PAPERS,
            document_date=dt.date(2026, 1, 5),
            about=f"meeting:{elsewhere.pk}",
        )
    assert raised.value.extra["about"] == ["Select what on the case the document is about"]


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_meeting_page_lists_the_documents_about_it_that_the_reader_may_see():
    world = build_relations()
    lead = world["lead practitioner"]
    viewer = world["partner viewer via consent share"]
    meeting = MeetingFactory(case=world.case, organiser=lead)
    for description, visibility in (
        ("Agenda for the meeting", NoteVisibility.EVERYONE),
        ("Health visitor's confidential letter", NoteVisibility.RESTRICTED),
    ):
        services.document_upload(
            actor=lead,
            case=world.case,
            files=[upload("paper.pdf", pdf_bytes())],
            document_type=DocumentType.MEETING_PAPERS,
            document_date=dt.date(2026, 1, 5),
            description=description,
            visibility=visibility,
            about=f"meeting:{meeting.pk}",
        )
    url = f"/cases/{world.case.pk}/meetings/taf/{meeting.pk}/"

    as_lead = _page(lead, url)
    assert "Agenda for the meeting" in as_lead
    assert f"upload/?about=meeting%3A{meeting.pk}" in as_lead  # add one about this meeting

    as_viewer = _page(viewer, url)
    assert "Agenda for the meeting" in as_viewer
    assert "confidential letter" not in as_viewer
    assert "Add a document about this" not in as_viewer  # a viewer adds nothing

"""A document may be about the case's assessment, plan or a TAF meeting, never another
case's; the upload page offers what this case has."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

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

"""The Documents tab's pages: errors shown beside their field with what was typed kept,
and a list whose queries do not grow with its length."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.models import NoteVisibility
from tests.cases.relations import build_relations
from tests.documents.factories import uploaded
from tests.documents.files import exe_bytes, upload

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_refused_file_is_named_beside_the_field_and_in_the_summary_with_the_rest_kept():
    world = build_relations()
    client = signed_in(world["lead practitioner"])
    response = client.post(
        f"/cases/{world.case.pk}/documents/upload/",
        {
            "upload_files": [upload("report.pdf", exe_bytes())],
            "document_type": "report",
            "document_date_day": "5",
            "document_date_month": "1",
            "document_date_year": "2026",
            "description": "Report from the school nurse",
            "visibility": NoteVisibility.EVERYONE,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count("report.pdf is a Windows program") == 2  # summary and beside the field
    assert 'href="#id_upload_files"' in page
    assert "Report from the school nurse" in page
    assert "Select the files again" not in page  # the file field itself is in error


def test_the_documents_list_runs_the_same_queries_for_3_and_for_12_documents():
    world = build_relations()
    lead = world["lead practitioner"]
    taf = world["TAF partner practitioner"]
    client = signed_in(lead)
    url = f"/cases/{world.case.pk}/documents/"

    def add(n: int) -> None:
        for i in range(n):
            visibility = NoteVisibility.RESTRICTED if i % 2 else NoteVisibility.EVERYONE
            uploaded(
                actor=lead,
                case=world.case,
                name=f"letter-{i}.pdf",
                visibility=visibility,
                readers=[taf] if i % 2 else [],
                scanned=False,
            )

    add(3)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(9)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]

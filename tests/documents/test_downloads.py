"""Downloads: through the access-checked view only, with safe headers, each one audited;
a document's own visibility on top of its case's, and access lost is access lost."""

from __future__ import annotations

import pytest
from django.test import Client

from cases.models import AuditEntry, NoteVisibility
from cases.models.audit import AuditAction
from partners.models import Membership
from partners.services import membership_end
from tests.cases.relations import build_relations
from tests.documents.factories import clean_document
from tests.documents.files import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return build_relations()


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def download_url(document) -> str:  # type: ignore[no-untyped-def]
    return f"/cases/{document.case_id}/documents/{document.pk}/download/"


def test_a_download_is_an_attachment_never_cached_nor_sniffed_and_is_audited(world):
    lead = world["lead practitioner"]
    name = 'Letter "from" school;\r\nX-Evil: 1 \u2713.pdf'
    document = clean_document(actor=lead, case=world.case, name=name)
    response = signed_in(lead).get(download_url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Letter _from_ school')
    assert "\r" not in disposition and "\n" not in disposition
    assert "filename*=UTF-8''Letter%20%22from%22%20school%3B" in disposition
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD).latest("id")
    assert (entry.user_id, entry.case_id, entry.object_id) == (
        lead.pk,
        world.case.pk,
        str(document.pk),
    )


def test_every_download_is_audited_not_only_the_first(world):
    lead = world["lead practitioner"]
    document = clean_document(actor=lead, case=world.case)
    client = signed_in(lead)
    for _ in range(3):
        assert client.get(download_url(document)).status_code == 200
    downloads = AuditEntry.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(document.pk))
    assert downloads.count() == 3


def test_a_restricted_document_is_404_to_a_team_member_who_is_not_named(world):
    lead = world["lead practitioner"]
    named = world["TAF partner practitioner"]
    document = clean_document(
        actor=lead, case=world.case, visibility=NoteVisibility.RESTRICTED, readers=[named]
    )
    assert signed_in(named).get(download_url(document)).status_code == 200
    for who in ("lead-agency practitioner", "partner agency manager", "zone manager"):
        response = signed_in(world[who]).get(download_url(document))
        assert response.status_code == 404, who
        listing = signed_in(world[who]).get(f"/cases/{world.case.pk}/documents/")
        assert document.original_name not in listing.content.decode(), who


def test_a_lead_agency_document_is_seen_by_the_lead_agency_only(world):
    lead = world["lead practitioner"]
    document = clean_document(actor=lead, case=world.case, visibility=NoteVisibility.LEAD_AGENCY)
    assert (
        signed_in(world["lead-agency practitioner"]).get(download_url(document)).status_code == 200
    )
    assert (
        signed_in(world["TAF partner practitioner"]).get(download_url(document)).status_code == 404
    )


def test_download_after_loss_of_access_is_refused(world):
    lead = world["lead practitioner"]
    partner = world["TAF partner practitioner"]
    document = clean_document(actor=lead, case=world.case)
    assert signed_in(partner).get(download_url(document)).status_code == 200
    for membership in Membership.objects.filter(user=partner):
        membership_end(membership=membership)
    assert signed_in(partner).get(download_url(document)).status_code == 404
    api = signed_in(partner).get(f"/api/v1/cases/{world.case.pk}/documents/{document.pk}/download/")
    assert api.status_code == 404


def test_a_document_of_another_case_is_404_under_a_case_the_person_may_see(world):
    lead = world["lead practitioner"]
    document = clean_document(actor=lead, case=world.case)
    other = world.closed_case
    url = f"/cases/{other.pk}/documents/{document.pk}/download/"
    assert signed_in(world["lead-agency manager"]).get(url).status_code == 404


def test_restricted_documents_are_left_out_of_the_chronology_of_those_not_named(world):
    lead = world["lead practitioner"]
    clean_document(
        actor=lead,
        case=world.case,
        visibility=NoteVisibility.RESTRICTED,
        description="Letter from the refuge",
    )
    clean_document(actor=lead, case=world.case, description="Signed consent to share")
    mine = signed_in(lead).get(f"/cases/{world.case.pk}/chronology/").content.decode()
    theirs = signed_in(world["zone manager"]).get(f"/cases/{world.case.pk}/chronology/")
    assert "Letter from the refuge" in mine and "Signed consent to share" in mine
    assert "Signed consent to share" in theirs.content.decode()
    assert "Letter from the refuge" not in theirs.content.decode()


def test_the_case_pdf_lists_the_documents_the_exporter_may_see_without_their_contents(world):
    from reporting.exports.case_pdf import render_case_html

    lead = world["lead practitioner"]
    clean_document(actor=lead, case=world.case, name="consent-2026.pdf")
    clean_document(
        actor=lead,
        case=world.case,
        name="refuge-letter.pdf",
        visibility=NoteVisibility.RESTRICTED,
    )
    html = render_case_html(case=world.case, viewer=world["lead-agency manager"])
    assert "consent-2026.pdf" in html
    assert "refuge-letter.pdf" not in html
    assert 'id="documents"' in html

"""The case audit PDF: every section, the marking on every page, only what the exporter may see."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases.models import NoteVisibility
from cases.services import note_add
from partners.roles import Role
from reporting.exports.case_pdf import render_case_html
from reporting.exports.pdf import render_pdf
from tests.cases.factories import CaseFactory, HouseholdMemberFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def big_case():  # type: ignore[no-untyped-def]
    lead = AgencyFactory(name="Family Support Team")
    worker = member(Role.PRACTITIONER, agency=lead)
    manager = member(Role.MANAGER, agency=lead)
    case = CaseFactory(lead_agency=lead, lead_practitioner=worker)
    HouseholdMemberFactory(family=case.family, person__given_names="Ada")
    start = timezone.localdate() - dt.timedelta(days=400)
    for n in range(300):
        note_add(
            actor=worker,
            case=case,
            note_type="visit",
            contact_date=start + dt.timedelta(days=n),
            text=f"Routine visit number {n}.",
        )
    note_add(
        actor=worker,
        case=case,
        note_type="call",
        contact_date=timezone.localdate(),
        text="Restricted disclosure only the author may read.",
        visibility=NoteVisibility.RESTRICTED,
    )
    return case, manager


def test_a_case_with_hundreds_of_notes_has_every_section_and_the_marking_on_every_page(big_case):
    case, manager = big_case
    rendered = render_pdf(render_case_html(case=case, viewer=manager))
    reader = PdfReader(io.BytesIO(rendered.content))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)

    assert rendered.pages == len(pages) > 10
    for page in pages:
        assert "OFFICIAL-SENSITIVE" in page
        assert f"Exported by {manager.full_name}" in page
    assert f"Page 1 of {len(pages)}" in pages[0]
    for heading in (
        "Case audit record",
        "Contents",
        "Chronology",
        "Enquiry and screening",
        "Family and household",
        "Consent and information sharing",
        "Early Help Assessment",
        "Outcome Star and measures",
        "Case notes",
        "Closure",
        "Who has accessed this case",
    ):
        assert heading in text, heading
    assert "Routine visit number 0." in text and "Routine visit number 299." in text
    assert "Restricted disclosure" not in text
    assert reader.metadata.title == (
        f"Case audit record {case.reference} \N{EN DASH} {case.family.name}"
    )


def test_the_author_of_a_restricted_note_sees_it_in_their_export(big_case):
    case, _ = big_case
    author = case.lead_practitioner
    text = render_case_html(case=case, viewer=author)
    assert "Restricted disclosure only the author may read." in text


def test_the_pdf_is_tagged_for_accessibility(big_case):
    case, manager = big_case
    rendered = render_pdf(render_case_html(case=case, viewer=manager))
    reader = PdfReader(io.BytesIO(rendered.content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog.get("/Lang") in ("en-GB", "en-gb")

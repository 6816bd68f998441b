"""What may be uploaded: checked by content, the extension matching it, within the size
limit; stored under a generated name with the original kept as text; all or none."""

from __future__ import annotations

import pytest

from cases.models import NoteVisibility
from documents import services
from documents.models import Document, DocumentType, ScanState
from documents.storage import document_storage
from earlyhelp.errors import ApplicationError
from tests.cases.relations import build_relations
from tests.documents.factories import uploaded
from tests.documents.files import docx_bytes, exe_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    return build_relations()


def refused(world, *files) -> list[str]:  # type: ignore[no-untyped-def]
    import datetime as dt

    with pytest.raises(ApplicationError) as raised:
        services.document_upload(
            actor=world["lead practitioner"],
            case=world.case,
            files=list(files),
            document_type=DocumentType.LETTER,
            document_date=dt.date(2026, 1, 5),
        )
    return list(raised.value.extra["files"])


def test_a_pdf_renamed_exe_is_refused_because_the_name_does_not_match_the_content(world):
    [error] = refused(world, upload("letter.exe", pdf_bytes()))
    assert "letter.exe does not match its contents: it is a .pdf file" in error
    assert Document.objects.count() == 0


def test_a_windows_program_renamed_pdf_is_refused_for_what_it_is(world):
    [error] = refused(world, upload("report.pdf", exe_bytes()))
    assert error.startswith("report.pdf is a Windows program")
    assert Document.objects.count() == 0


def test_pdf_image_and_word_documents_are_accepted_by_their_content(world):
    lead = world["lead practitioner"]
    kinds = {}
    for name, content in (
        ("consent.pdf", pdf_bytes()),
        ("photo.PNG", png_bytes()),
        ("school report.docx", docx_bytes()),
    ):
        document = uploaded(actor=lead, case=world.case, name=name, content=content, scanned=False)
        kinds[name] = document.content_type
    assert kinds == {
        "consent.pdf": "application/pdf",
        "photo.PNG": "image/png",
        "school report.docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
    }


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(world, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    big = pdf_bytes() + b"%" + b"x" * (1024 * 1024)
    [error] = refused(world, upload("minutes.pdf", big))
    assert error == "minutes.pdf is larger than 1 MB. Upload a file of 1 MB or less"


def test_one_bad_file_refuses_the_whole_upload_and_keeps_no_bytes(world):
    before = set(_stored_files())
    errors = refused(world, upload("good.pdf", pdf_bytes()), upload("bad.pdf", exe_bytes()))
    assert len(errors) == 1 and errors[0].startswith("bad.pdf is a Windows program")
    assert Document.objects.count() == 0
    assert set(_stored_files()) == before


def _stored_files() -> list[str]:
    storage = document_storage()
    try:
        return storage.listdir("files")[1]
    except FileNotFoundError:
        return []


def test_the_stored_name_is_generated_and_the_original_kept_as_text(world):
    name = 'Letter from "school"; evil=1 \u2713.pdf'
    document = uploaded(actor=world["lead practitioner"], case=world.case, name=name, scanned=False)
    assert document.original_name == name
    assert document.stored_name.startswith("files/")
    assert "school" not in document.stored_name and "." not in document.stored_name
    assert document_storage().exists(document.stored_name)
    assert document.scan_state == ScanState.PENDING


def test_with_no_scanner_uploads_are_marked_unscanned(world, settings):
    settings.DOCUMENT_SCANNER = ""
    document = uploaded(actor=world["lead practitioner"], case=world.case, scanned=False)
    assert document.scan_state == ScanState.UNSCANNED


def test_a_partner_viewer_may_not_upload(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        uploaded(actor=world["partner viewer via consent share"], case=world.case)


def test_the_readers_of_a_restricted_document_include_its_uploader(world):
    taf = world["TAF partner practitioner"]
    lead = world["lead practitioner"]
    document = uploaded(
        actor=lead, case=world.case, visibility=NoteVisibility.RESTRICTED, readers=[taf]
    )
    assert set(document.readers.values_list("user_id", flat=True)) == {lead.pk, taf.pk}

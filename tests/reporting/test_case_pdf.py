"""The case audit PDF of a demo-like case with hundreds of notes, read back with pypdf:
every section (the family plan and the TAF meetings too), the marking on every page,
the case reference in the running header, the watermark naming the exporter, contents
whose page numbers are right, a restricted note left out for an exporter not named on
it, and the exit plan of the closure.

Building and laying out the case takes a while, so it is done once for the module,
inside a transaction rolled back afterwards; the tests then read the finished document.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from pypdf import PdfReader

from reporting.exports.case_pdf import SECTIONS, render_case_html
from reporting.exports.pdf import render_pdf
from tests.reporting import case_pdf_data as data

# The tests read the finished document only, but the module's fixture needs the test
# database to have been set up, which pytest-django does for marked tests.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MARKING = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class Exported:
    reference: str
    family: str
    exporter: str
    exported_at: str  # as the watermark prints it: "1 Dec 2026 09:30"
    pages: list[str]  # each page's text
    reader: PdfReader
    pages_laid_out: int
    html_for_the_author: str

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


@pytest.fixture(scope="module")
def exported(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Exported]:
    from assessments.reference_data import ensure_reference_data as ensure_assessments
    from reporting.reference_data import ensure_reference_data as ensure_reporting

    with django_db_blocker.unblock(), transaction.atomic():
        ensure_assessments()
        ensure_reporting()
        demo = data.demo_like_case(notes=300)
        html = render_case_html(case=demo.case, viewer=demo.manager)
        stamp = re.search(r'<div class="watermark"[^>]*>.*?<br>(.*?)</div>', html)
        assert stamp is not None
        rendered = render_pdf(html)
        reader = PdfReader(io.BytesIO(rendered.content))
        result = Exported(
            reference=demo.case.reference,
            family=demo.case.family.name,
            exporter=demo.manager.full_name,
            exported_at=stamp.group(1),
            pages=[page.extract_text() for page in reader.pages],
            reader=reader,
            pages_laid_out=rendered.pages,
            html_for_the_author=render_case_html(case=demo.case, viewer=demo.worker),
        )
        transaction.set_rollback(True)
    yield result


def _outline(reader: PdfReader, items: list[Any] | None = None) -> dict[str, int]:
    """Bookmark title -> the page (from 1) it points at, at every level."""
    found: dict[str, int] = {}
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found.update(_outline(reader, item))
        else:
            found.setdefault(item.title, reader.get_destination_page_number(item) + 1)
    return found


def _contents(page_text: str) -> dict[str, int]:
    """Section title -> page number, as the contents page lists them ('Title ..... 12')."""
    listed = {}
    for line in page_text.splitlines():
        match = re.match(r"^\s*(?:\d+\.\s*)?(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            listed[match.group(1)] = int(match.group(2))
    return listed


def test_every_section_is_printed_including_the_family_plan_and_the_meetings(exported):
    assert exported.pages_laid_out == len(exported.pages) > 30
    for heading in ("Case audit record", "Contents", *(s.title for s in SECTIONS)):
        assert heading in exported.text, heading
    assert "Family plan" in [s.title for s in SECTIONS]
    assert "Team Around the Family meetings" in [s.title for s in SECTIONS]


def test_the_plan_shows_outcomes_actions_in_every_status_versions_and_reviews(exported):
    text = exported.text
    assert "Outcome 1: “Outcome wanted number 1”" in text
    assert "In the words of Mum" in text
    for status in ("Done on", "In progress", "Not started", f"Dropped: {data.DROPPED_REASON}"):
        assert status in " ".join(text.split()), status
    assert "Version 2, agreed on" in text  # the version in force
    assert "Review of" in text and "progress made" in text
    assert "Place started in week 2." in text  # progress on one action at the review


def test_the_meetings_show_attendance_views_minutes_decisions_and_plan_changes(exported):
    text = " ".join(exported.text.split())
    assert "3 of 3 invited attended" in text
    assert "Mum says the mornings are calmer" in text
    assert "I like breakfast club because my friends are there." in text
    assert data.MINUTES in text
    assert "Carry on with breakfast club" in text
    assert "Version 2 of the plan: The fourth action is given more time" in text


def test_the_marking_is_on_every_page_and_the_reference_heads_every_page_after_the_cover(
    exported,
):
    for number, page in enumerate(exported.pages, start=1):
        assert MARKING in page, number
        assert f"Page {number} of {len(exported.pages)}" in page, number
        if number > 1:
            assert f"Case {exported.reference}" in page, number
    assert f"Case {exported.reference}" not in exported.pages[0].replace(
        f"Case reference {exported.reference}", ""
    )


def test_every_page_carries_a_watermark_with_the_exporters_name_and_the_time(exported):
    for number, page in enumerate(exported.pages, start=1):
        assert f"Exported by {exported.exporter}" in page, number  # the running footer
        # The watermark: the name, then the time of the export on the next line. pypdf
        # reads the turned lines of a long name (over about 20 letters) as one line, so
        # the line break is not required of the extracted text.
        watermark = re.escape(exported.exporter) + r"\n?" + re.escape(exported.exported_at)
        assert re.search(watermark, page), number


def test_the_contents_page_numbers_are_the_pages_where_the_sections_start(exported):
    listed = _contents(exported.pages[1])
    starts = _outline(exported.reader)
    assert set(listed) == {s.title for s in SECTIONS}
    for title, page in listed.items():
        assert starts[title] == page, title
        assert exported.pages[page - 1].lstrip().startswith(title), title
        assert title not in exported.pages[page - 2].splitlines()[:1], title


def test_a_restricted_note_is_left_out_for_an_exporter_not_named_on_it(exported):
    assert data.RESTRICTED_TEXT not in exported.text
    assert "Routine visit number 0:" in exported.text
    assert "Routine visit number 299:" in exported.text
    assert "301 notes that" in exported.text  # 300 routine notes and the one with a link


def test_the_author_of_a_restricted_note_sees_it_in_their_export(exported):
    assert data.RESTRICTED_TEXT in exported.html_for_the_author


def test_the_closure_prints_the_exit_plan_signed_off(exported):
    text = " ".join(exported.text.split())
    assert data.EXIT_PLAN in text
    assert data.EXIT_SUPPORT in text
    assert "Having one person to call made the difference." in text


def test_notes_and_chronology_run_oldest_first(exported):
    text = exported.text
    assert text.index("Routine visit number 0:") < text.index("Routine visit number 1:")
    notes = text[text.index("notes that") :]
    assert notes.index("Routine visit number 10:") < notes.index("Routine visit number 200:")
    assert "oldest first" in text[text.index("Chronology\n") : text.index("Visit recorded")]


def test_a_long_chronology_entry_is_cut_at_a_word_with_an_ellipsis(exported):
    chronology = exported.text[: exported.text.index("Enquiry and screening\n")]
    pasted = " ".join(chronology[chronology.index("Sent mum the link") :].split("\n")[:4])
    assert "\N{HORIZONTAL ELLIPSIS}" in pasted


def test_the_pdf_is_tagged_with_a_title_and_language(exported):
    catalog = exported.reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog.get("/Lang") in ("en-GB", "en-gb")
    assert exported.reader.metadata.title == (
        f"Case audit record {exported.reference} \N{EN DASH} {exported.family}"
    )

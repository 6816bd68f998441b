"""Email addresses in the case PDF's access log wrap where a reader expects: after the @
and before a dot, not in the middle of a name ("alexandra.fitzgerald" / "montgomery")."""

from __future__ import annotations

import io
import re

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from earlyhelp.templatetags.govuk import email_breaks
from reporting.exports.pdf import render_pdf

EMAIL = "alexandra.fitzgeraldmontgomery@hillsideprimaryschool.education.example.org"
# The table of the access log, at its real widths and with the documents' own styles.
PAGE = Template(
    "{% load govuk %}<!DOCTYPE html><html lang='en'><head><title>t</title><style>"
    '{% include "pdf/pdf.css" %}</style></head><body><table class="grid"><thead><tr>'
    '<th scope="col">Person</th><th scope="col">Agency</th><th scope="col" class="num">'
    'Views</th><th scope="col" class="when">Last viewed</th></tr></thead><tbody><tr>'
    '<td class="email">{{ email|email_breaks }}</td><td>Hillside Primary School</td>'
    '<td class="num">3</td><td>1 Dec 2026 09:30</td></tr></tbody></table></body></html>'
)


def _parts(email: str) -> list[str]:
    """The pieces a line may hold whole: "alexandra", ".fitzgeraldmontgomery@", ..."""
    return re.findall(r"\.?[^.@]+@?", email)


def test_the_filter_offers_a_break_after_the_at_and_before_each_dot():
    assert str(email_breaks("a.b@c.org")) == "a<wbr>.b@<wbr>c<wbr>.org"
    assert str(email_breaks("<x>@y")) == "&lt;x&gt;@<wbr>y"


def test_an_email_in_the_access_log_wraps_only_between_its_parts():
    html = PAGE.render(Context({"email": EMAIL}))
    text = PdfReader(io.BytesIO(render_pdf(html).content)).pages[0].extract_text()

    lines = [ln.strip() for ln in text.splitlines()]
    first = next(i for i, ln in enumerate(lines) if EMAIL.startswith(ln.split(" ")[0]) and ln)
    pieces, joined = [], ""
    for line in lines[first:]:
        piece = line.split(" ")[0] if not EMAIL.startswith(joined + line) else line
        if not EMAIL.startswith(joined + piece):
            break
        pieces.append(piece)
        joined += piece
        if joined == EMAIL:
            break
    assert joined == EMAIL and len(pieces) > 1  # it does wrap in a column this narrow
    parts = _parts(EMAIL)
    for piece in pieces:
        # Each line is whole parts, so no line ends inside a name.
        assert any(
            "".join(parts[i:j]) == piece
            for i in range(len(parts))
            for j in range(i + 1, len(parts) + 1)
        ), pieces


@pytest.mark.django_db
def test_the_case_pdf_and_the_access_page_offer_those_breaks(signed_in_client):
    from reporting.exports.case_pdf import render_case_html
    from tests.assessments.factories import family_case

    fc = family_case()
    worker = signed_in_client(fc.worker)
    worker.get(f"/cases/{fc.case.pk}/")  # a view, in the access log

    html = render_case_html(case=fc.case, viewer=fc.manager)
    access = html.split('<section id="access">', 1)[1]
    assert f'<td class="email">{email_breaks(fc.worker.email)}</td>' in access

    page = signed_in_client(fc.manager).get(f"/cases/{fc.case.pk}/access/").content.decode()
    assert str(email_breaks(fc.worker.email)) in page

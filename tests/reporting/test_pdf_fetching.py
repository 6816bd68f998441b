"""PDF rendering never fetches anything: not files, not local URLs, not @imports."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases.services import note_add
from partners.roles import Role
from reporting.exports.case_pdf import render_case_html
from reporting.exports.pdf import render_pdf
from tests.cases.factories import CaseFactory
from tests.partners.factories import AgencyFactory, member

pytestmark = pytest.mark.django_db


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    """A web server on 127.0.0.1 that counts every request it receives."""
    CountingHandler.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def payloads(base: str) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        f'<img src="{base}/image.png">',
        f"<style>@import url('{base}/import.css');</style>",
        f'<link rel="stylesheet" href="{base}/linked.css">',
        f'<svg><image href="{base}/svg-image.png"/></svg>',
        "<iframe src='file:///etc/hostname'></iframe>",
    ]


def test_payloads_typed_into_notes_fetch_nothing(local_server):
    lead = AgencyFactory()
    manager = member(Role.MANAGER, agency=lead)
    case = CaseFactory(lead_agency=lead, lead_practitioner=manager)
    for text in payloads(local_server):
        note_add(
            actor=manager,
            case=case,
            note_type="other",
            contact_date=timezone.localdate(),
            text=text,
        )

    rendered = render_pdf(render_case_html(case=case, viewer=manager))

    assert CountingHandler.hits == []
    assert rendered.refused_urls == ()  # escaped: the payloads stay text
    text = "".join(page.extract_text() for page in PdfReader_from(rendered.content).pages)
    assert "file:///etc/passwd" in text  # shown as the words that were typed
    assert "root:x:0:0" not in text


def test_even_raw_html_with_those_payloads_cannot_fetch(local_server):
    html = (
        "<html><head><title>t</title></head><body><p>Start</p>"
        + "".join(payloads(local_server))
        + "</body></html>"
    )

    rendered = render_pdf(html)

    assert CountingHandler.hits == []
    refused = " ".join(rendered.refused_urls)
    assert "file:///etc/passwd" in refused
    assert f"{local_server}/image.png" in refused
    assert f"{local_server}/import.css" in refused
    text = "".join(page.extract_text() for page in PdfReader_from(rendered.content).pages)
    assert "root:x:0:0" not in text


def PdfReader_from(content: bytes) -> PdfReader:
    import io

    return PdfReader(io.BytesIO(content))

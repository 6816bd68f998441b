"""PDF rendering for subject access exports with WeasyPrint, fetching nothing.

Like the case audit PDFs (reporting/exports/pdf.py), every URL the document names is
refused, so text typed into a record can never make the server read a file or call a
URL. Kept here rather than imported, because nothing may import reporting/.
"""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError


class _RefuseEverything(URLFetcher):
    def __init__(self) -> None:
        super().__init__(allowed_protocols=())

    def fetch(self, url: str, headers: object = None) -> None:  # type: ignore[override]
        raise URLFetchingError(f"fetching is not allowed: {url[:80]}")


def render_pdf(html: str) -> bytes:
    """A tagged (accessible) PDF of `html`."""
    content = HTML(string=html, base_url=None, url_fetcher=_RefuseEverything()).write_pdf(
        pdf_tags=True
    )
    assert content is not None  # noqa: S101 - write_pdf without a target returns bytes
    return content

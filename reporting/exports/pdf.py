"""PDF rendering with WeasyPrint that never fetches anything.

Every URL a document mentions — `<img src="file:///etc/passwd">`, `http://127.0.0.1/`,
`@import` in a stylesheet, a font — goes to DenyAllFetcher, which records it and
refuses. Styles and the Outcome Star SVG are inline; fonts are the system's. So text
typed into a note can never make the server read a file or call a URL.
"""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetchingError

logger = logging.getLogger(__name__)


class DenyAllFetcher(URLFetcher):
    """Refuses every fetch, and remembers what was asked for (tests read `refused`)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=())
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> None:  # type: ignore[override]
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise URLFetchingError(f"fetching is not allowed: {url[:80]}")


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    refused_urls: tuple[str, ...]


def render_pdf(html: str) -> RenderedPdf:
    """Lay out `html` and write a tagged (accessible) PDF, fetching nothing.

    The cyclic garbage collector is paused while WeasyPrint works: laying out a long
    case allocates hundreds of thousands of boxes and styles that live until the file is
    written, and the collector would otherwise scan them again and again (about a
    twentieth of the time). They are freed by the next collection once it resumes.
    """
    fetcher = DenyAllFetcher()
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
        content = document.write_pdf(pdf_tags=True, custom_metadata=True)
    finally:
        if collecting:
            gc.enable()
    assert content is not None  # noqa: S101 - write_pdf without a target returns bytes
    return RenderedPdf(
        content=content, pages=len(document.pages), refused_urls=tuple(fetcher.refused)
    )

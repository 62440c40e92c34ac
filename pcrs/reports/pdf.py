"""HTML to PDF with WeasyPrint (ADR 0140): the PDF is the same template as the page.

WeasyPrint needs Pango at run time (Debian: libpango-1.0-0, libpangoft2-1.0-0; the Makefile
and CI install them); it is imported on first use so that a machine without it still serves
every page but the PDFs. Nothing is fetched: the document's CSS is inline and the fonts are
the system's (fontconfig), and the URL fetcher refuses every URL.
"""

from __future__ import annotations

import functools
from typing import Any, NoReturn

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class FetchRefused(Exception):
    pass


@functools.cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher

    class RefuseEveryURL(URLFetcher):  # type: ignore[misc]
        """WeasyPrint's fetcher with every URL refused: an image or stylesheet named in the
        document is left out (WeasyPrint logs it), never fetched."""

        def fetch(self, url: str, headers: Any = None) -> NoReturn:
            refused(url)

    return RefuseEveryURL


def refused(url: str) -> NoReturn:
    raise FetchRefused(f"PDF rendering fetches nothing: {url}")


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    fetcher = _fetcher_class()(fail_on_errors=False)
    document: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return document


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], *, filename: str
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

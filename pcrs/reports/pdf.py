"""HTML to PDF with WeasyPrint (ADR 0140): the PDF is the same template as the page.

WeasyPrint needs Pango at run time (Debian: libpango-1.0-0, libpangoft2-1.0-0; the Makefile
and CI install them); it is imported on first use so that a machine without it still serves
every page but the PDFs. Nothing is fetched: the document's CSS is inline and the fonts are
the system's (fontconfig), and the URL fetcher refuses every URL.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class FetchRefused(Exception):
    pass


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise FetchRefused(f"PDF rendering fetches nothing: {url}")


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    document: bytes = HTML(string=html, url_fetcher=_refuse).write_pdf()
    return document


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], *, filename: str
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

"""Printing a report fetches nothing: no URL in a document reaches the network or the disk."""

from __future__ import annotations

import io

from pypdf import PdfReader

from pcrs.reports import pdf


def test_a_url_in_the_document_is_refused_and_the_pdf_is_still_made(monkeypatch):
    asked: list[str] = []

    def spy(url: str):
        asked.append(url)
        raise pdf.FetchRefused(url)

    monkeypatch.setattr(pdf, "refused", spy)
    document = pdf.render_pdf(
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<p>Utility helicopter unit</p><img src="http://127.0.0.1:9/logo.png">'
    )

    assert document.startswith(b"%PDF-")
    assert "Utility helicopter unit" in PdfReader(io.BytesIO(document)).pages[0].extract_text()
    assert sorted(asked) == ["file:///etc/passwd", "http://127.0.0.1:9/logo.png"]

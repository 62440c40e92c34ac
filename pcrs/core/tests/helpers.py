"""Test helpers shared by the apps' export tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook


def exported_rows(response: Any) -> list[list[str]]:
    """The rows of a streamed CSV or XLSX export (header first), every cell as text."""
    body = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(body.decode())))
    sheet = load_workbook(io.BytesIO(body)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]

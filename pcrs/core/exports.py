"""Exports of lists as CSV or XLSX, streamed, with spreadsheet formula injection neutralised.

A list declares its columns once (`Column`: a heading and how to read a row's value); the same
declaration writes both formats. The caller passes only the rows the user may see: the same
selector and filters as the page (ADR 0130). Rows are read lazily (pass `queryset.iterator(
chunk_size=...)` or a generator), so a large export never holds every row in memory:

- CSV is a `StreamingHttpResponse` yielding one line at a time;
- XLSX is written by openpyxl in write-only mode (rows go to a temporary file as they come)
  and streamed from that file in blocks.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {CSV: "text/csv", XLSX: XLSX_TYPE}
# Rows fetched per database round trip by the lists' iterators.
CHUNK_SIZE = 500
_BLOCK = 64 * 1024

# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet program reads as a formula (a leading apostrophe)."""
    if is_formula_like(value):
        return "'" + value
    return value


def xlsx_text(cell: Any) -> Any:
    """Store a formula-like string as text in an openpyxl cell (openpyxl would write it as a
    formula); the value itself is kept, so a workbook read back gives what was written."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


@dataclass(frozen=True)
class Column:
    """One column of an export: its heading and how a row gives its value."""

    heading: str | Promise
    value: Callable[[Any], Any]


def _plain(value: Any) -> Any:
    """A value a CSV writer and a spreadsheet both take: dates as ISO text, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    if isinstance(value, Promise):
        return str(value)
    return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(columns: Iterable[Column], rows: Iterable[Any]) -> Iterator[str]:
    """The CSV lines (header first), one at a time."""
    columns = list(columns)
    writer = csv.writer(_Echo())
    yield writer.writerow([str(c.heading) for c in columns])
    for row in rows:
        yield writer.writerow([csv_safe(_plain(c.value(row))) for c in columns])


def xlsx_blocks(columns: Iterable[Column], rows: Iterable[Any], *, title: str) -> Iterator[bytes]:
    """An XLSX workbook of one sheet, written row by row (write-only) and read back in blocks."""
    columns = list(columns)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "Export")
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.heading))
        cell.font = bold
        header.append(xlsx_text(cell))
    sheet.append(header)
    for row in rows:
        sheet.append([xlsx_text(WriteOnlyCell(sheet, value=_plain(c.value(row)))) for c in columns])
    with tempfile.TemporaryFile() as out:
        workbook.save(out)
        out.seek(0)
        while block := out.read(_BLOCK):
            yield block


def requested_format(request: HttpRequest, default: str | None = None) -> str | None:
    """`csv` or `xlsx` when the query string asks for an export (`?format=`), else `default`."""
    asked = request.GET.get("format", "")
    return asked if asked in FORMATS else default


def export_response(
    *, columns: Iterable[Column], rows: Iterable[Any], name: str, fmt: str
) -> StreamingHttpResponse:
    """The streamed download of these rows as `fmt` ("csv" or "xlsx"), named pcrs-<name>-<date>."""
    columns = list(columns)
    if fmt == XLSX:
        content: Iterator[Any] = xlsx_blocks(columns, rows, title=name)
    else:
        fmt = CSV
        content = csv_lines(columns, rows)
    response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="pcrs-{name}-{stamp}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response

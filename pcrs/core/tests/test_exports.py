"""The export module: formula injection neutralised in both formats, rows read lazily."""

from __future__ import annotations

import csv
import io
import itertools
import tracemalloc
from typing import Any

from django.test import RequestFactory
from django.utils import translation
from openpyxl import load_workbook

from pcrs.core import exports
from pcrs.core.exports import Column

COLUMNS = (Column("name", lambda row: row[0]), Column("count", lambda row: row[1]))
HOSTILE = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def _xlsx(rows) -> bytes:
    return b"".join(exports.xlsx_blocks(COLUMNS, rows, title="t"))


def test_csv_cells_that_start_a_formula_are_written_as_text():
    lines = list(exports.csv_lines(COLUMNS, [(value, 1) for value in HOSTILE]))
    cells = [row[0] for row in csv.reader(io.StringIO("".join(lines)))][1:]
    assert cells == ["'" + value for value in HOSTILE]


def test_xlsx_cells_that_start_a_formula_are_text_not_formulas():
    sheet = load_workbook(io.BytesIO(_xlsx([(value, 1) for value in HOSTILE]))).active
    cells = [sheet.cell(row=r, column=1) for r in range(2, len(HOSTILE) + 2)]
    assert [c.data_type for c in cells] == ["s"] * len(HOSTILE)
    # (XML turns a lone carriage return into a line feed when read back; it stays text.)
    assert [c.value.replace("\n", "\r") for c in cells] == HOSTILE
    assert sheet.cell(row=2, column=2).value == 1  # numbers stay numbers


def test_csv_export_reads_rows_only_as_it_streams():
    endless = ((f"row {i}", i) for i in itertools.count())  # never ends: must not be listed
    request = RequestFactory().get("/x?format=csv")
    fmt = exports.requested_format(request)
    assert fmt == "csv"
    response = exports.export_response(columns=COLUMNS, rows=endless, name="x", fmt=fmt)
    assert response.streaming
    content: Any = response.streaming_content
    first = list(itertools.islice(content, 3))
    assert first[0].decode().startswith("name,count")
    assert first[2].decode().startswith("row 1,1")


def _peak(rows: int) -> int:
    tracemalloc.start()
    try:
        for _block in exports.xlsx_blocks(
            COLUMNS, ((f"row {i}", i) for i in range(rows)), title="t"
        ):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_xlsx_export_memory_does_not_grow_with_the_rows():
    small, large = _peak(2_000), _peak(20_000)
    # Ten times the rows: the peak stays about the same (write-only rows go to a file).
    assert large < small * 2 + 2_000_000, (small, large)


def test_unknown_format_is_not_an_export():
    assert exports.requested_format(RequestFactory().get("/x?format=pdf")) is None
    assert exports.requested_format(RequestFactory().get("/x")) is None


def test_yes_and_no_are_in_the_readers_language():
    rows = [("a", True), ("b", False)]
    with translation.override("fr"):
        lines = list(exports.csv_lines(COLUMNS, rows))
    assert lines[1:] == ["a,oui\r\n", "b,non\r\n"]
    assert list(exports.csv_lines(COLUMNS, rows))[1:] == ["a,yes\r\n", "b,no\r\n"]

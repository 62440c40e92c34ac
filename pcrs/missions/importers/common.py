"""Reading CSV the way UN files come: BOM, CRLF, stray quotes; every problem names its line."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

# Past this many errors a file is clearly of another kind; listing more helps nobody.
MAX_ERRORS = 50

# The counts a report names, in the reader's language (a context: "records" or "months" alone
# mean other things elsewhere); a count not listed here is shown by its key with spaces.
COUNT_NAMES = {
    "rows_read": pgettext_lazy("import count", "rows read"),
    "aggregate_rows": pgettext_lazy("import count", "aggregate rows"),
    "detail_rows": pgettext_lazy("import count", "detail rows"),
    "rows_imported": pgettext_lazy("import count", "rows imported"),
    "rows_skipped": pgettext_lazy("import count", "rows skipped"),
    "exact_duplicates_collapsed": pgettext_lazy("import count", "exact duplicates collapsed"),
    "records": pgettext_lazy("import count", "records"),
    "months": pgettext_lazy("import count", "months"),
    "flagged_gender_mismatch_rows": pgettext_lazy("import count", "flagged gender mismatch rows"),
    "aggregates_reconciled": pgettext_lazy("import count", "aggregates reconciled"),
    "aggregates_differing": pgettext_lazy("import count", "aggregates differing"),
    "months_shrinking": pgettext_lazy("import count", "months shrinking"),
    "records_replaced": pgettext_lazy("import count", "records replaced"),
    "created": pgettext_lazy("import count", "created"),
    "updated": pgettext_lazy("import count", "updated"),
    "distinct_casualties": pgettext_lazy("import count", "distinct casualties"),
    "not_linked_to_a_mission": pgettext_lazy("import count", "not linked to a mission"),
    "not_linked_to_a_member_state": pgettext_lazy("import count", "not linked to a member state"),
    "locations": pgettext_lazy("import count", "locations"),
    "observations_merged": pgettext_lazy("import count", "observations merged"),
    "missions": pgettext_lazy("import count", "missions"),
    "active": pgettext_lazy("import count", "active"),
    "coordinates_ok": pgettext_lazy("import count", "coordinates ok"),
    "coordinates_swapped": pgettext_lazy("import count", "coordinates swapped"),
    "coordinates_impossible": pgettext_lazy("import count", "coordinates impossible"),
    "coordinates_missing": pgettext_lazy("import count", "coordinates missing"),
}


@dataclass
class ImportReport:
    """What an import read, kept, skipped and why; `errors` non-empty means rejected.

    The messages are written in the active language when the import runs (French for a French
    reader of the upload page, English for the management commands), and `kind` is passed
    translated: a report stored with `as_dict()` (ContributionImport.report,
    FatalityImport.report) keeps the uploader's language, on purpose (a record of what that
    person was told). The frame of `summary_lines()` is rendered in the language active then.
    """

    file_name: str
    kind: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    error_overflow: int = 0

    @property
    def accepted(self) -> bool:
        return not self.errors

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)
        else:
            self.error_overflow += 1

    def summary_lines(self) -> list[str]:
        verdict = _("imported") if self.accepted else _("REJECTED: nothing was changed")
        lines = [
            _("%(kind)s import of %(file_name)s: %(verdict)s")
            % {"kind": self.kind, "file_name": self.file_name, "verdict": verdict}
        ]
        lines += [
            "  "
            + _("%(name)s: %(count)s")
            % {"name": COUNT_NAMES.get(name, name.replace("_", " ")), "count": value}
            for name, value in self.counts.items()
        ]
        if self.errors:
            lines.append(
                _("Errors (%(count)d):") % {"count": len(self.errors) + self.error_overflow}
            )
            lines += [f"  {e}" for e in self.errors]
            if self.error_overflow:
                lines.append("  " + _("... and %(count)d more") % {"count": self.error_overflow})
        if self.warnings:
            lines.append(_("Notes (%(count)d):") % {"count": len(self.warnings)})
            lines += [f"  {w}" for w in self.warnings]
        return lines

    def as_text(self) -> str:
        return "\n".join(self.summary_lines())

    def as_dict(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "kind": self.kind,
            "accepted": self.accepted,
            "errors": self.errors,
            "error_overflow": self.error_overflow,
            "warnings": self.warnings,
            "counts": self.counts,
            "details": self.details,
        }


class FileRejected(Exception):
    """The file cannot be read as the expected CSV at all."""


def decode(data: bytes | str, report: ImportReport) -> str | None:
    """Text without a BOM; None (and an error naming the line) when it is not UTF-8."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.error(
            _("line %(line)d: not UTF-8 text (byte %(byte)d); save the file as UTF-8")
            % {"line": line, "byte": exc.start}
        )
        return None


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


@dataclass
class Table:
    """A CSV file opened at its header: `rows()` reads the rest, naming each row's line."""

    header: list[str]
    reader: Any
    report: ImportReport

    def rows(self, foreign: Callable[[list[str]], str | None] | None = None) -> Iterator[Row]:
        """`foreign` names a row that belongs to another kind of file (a second header)."""
        return _rows(self.reader, self.header, self.report, foreign)


def open_table(text: str, report: ImportReport) -> Table | None:
    """The header of a CSV text (stripped names), or None with an error when there is none."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        report.error(_("line 1: the file is empty"))
        return None
    except csv.Error as exc:
        report.error(_("line 1: unreadable header (%(problem)s)") % {"problem": exc})
        return None
    header = [h.strip() for h in header]
    if not any(header):
        report.error(_("line 1: the file is empty"))
        return None
    return Table(header=header, reader=reader, report=report)


def check_header(header: list[str], required: list[str], report: ImportReport) -> bool:
    """Every required column present once (order and extra columns do not matter)."""
    missing = [c for c in required if c not in header]
    if missing:
        report.error(
            _("line 1: missing column(s) %(missing)s; expected %(expected)s (found %(found)s)")
            % {
                "missing": ", ".join(missing),
                "expected": ", ".join(required),
                "found": ", ".join(header),
            }
        )
        return False
    duplicated = sorted({h for h in header if header.count(h) > 1 and h in required})
    if duplicated:
        report.error(
            _("line 1: column(s) %(columns)s appear more than once")
            % {"columns": ", ".join(duplicated)}
        )
        return False
    return True


def read_rows(text: str, *, required: list[str], report: ImportReport) -> Iterator[Row]:
    """Rows keyed by column name, each with the line it starts on.

    Checks the header for the required columns (order and extra columns do not matter), and
    each row for its number of fields and for quotes that open and never close. Structural
    problems go to report.errors; the caller stops writing when there are any.
    """
    table = open_table(text, report)
    if table is None or not check_header(table.header, required, report):
        return
    count = 0
    for row in table.rows():
        count += 1
        yield row
    if count == 0 and report.accepted:
        # A header alone is not "nothing changed, all fine": it is not the file meant.
        report.error(_("line 2: the file has a header but no data rows; nothing to import"))


def _rows(
    reader: Any,
    header: list[str],
    report: ImportReport,
    foreign: Callable[[list[str]], str | None] | None = None,
) -> Iterator[Row]:
    width = len(header)
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field limit" in str(exc):
                report.error(
                    _(
                        "line %(line)d: a field longer than %(limit)s characters "
                        "(a broken or foreign file)"
                    )
                    % {"line": start, "limit": f"{csv.field_size_limit():,}"}
                )
                return
            report.error(
                _("line %(line)d: stray or unbalanced quote (%(problem)s)")
                % {"line": start, "problem": exc}
            )
            # The csv module cannot resynchronise after a quoting error: stop here.
            return
        last_line = reader.line_num
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue
        if any("\n" in f or "\r" in f for f in fields):
            report.error(
                _(
                    "line %(line)d: a quote opened on this line is not closed "
                    "(the field runs on to line %(last_line)d)"
                )
                % {"line": start, "last_line": last_line}
            )
            continue
        message = foreign(fields) if foreign is not None else None
        if message:
            report.error(at_line(start, message))
            continue
        if len(fields) != width:
            report.error(
                _("line %(line)d: %(count)d fields where the header has %(width)d")
                % {"line": start, "count": len(fields), "width": width}
            )
            continue
        yield Row(line=start, values=dict(zip(header, fields, strict=True)))


def line_ranges(lines: list[int], limit: int = 8) -> str:
    """'12, 40-43, 90 (7 lines)': a compact list of line numbers for a report."""
    if not lines:
        return ""
    lines = sorted(lines)
    parts: list[str] = []
    start = prev = lines[0]
    for n in [*lines[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    shown = ", ".join(parts[:limit]) + (", ..." if len(parts) > limit else "")
    return ngettext("%(shown)s (%(count)d line)", "%(shown)s (%(count)d lines)", len(lines)) % {
        "shown": shown,
        "count": len(lines),
    }


def at_line(line: int, message: str) -> str:
    """'line 12: <message>', the way every problem of a report names where it is."""
    return _("line %(line)d: %(message)s") % {"line": line, "message": message}

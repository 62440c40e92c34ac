"""The pledge annex workbook: a cover with the pledge's fields, the Table of Organization
(Annex B), major equipment (Annex C) and self-sustainment (Annex D), as one .xlsx file.

A focal point downloads it, fills it offline and uploads it. The upload is read cell by cell
into a `services.PledgeInput` and applied by `services.pledge_update`, the same service as the
form, so change control holds (a material change to a verified pledge becomes a change
request). Nothing here writes a model.

Reading is strict and all-or-nothing (ADR 0130): the size is checked before anything is parsed,
the zip's declared sizes before openpyxl inflates it, then every problem is collected with its
sheet, row and column. A cell holding a formula is refused (its cached value is never taken);
macros are never read (openpyxl drops them); merged cells, extra sheets, text in a number
column and figures beyond the model's limits are refused.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pcrs.accounts.models import User
from pcrs.core.errors import ConcurrentChangeError, DomainError, NotVisible
from pcrs.core.exports import XLSX_TYPE, xlsx_text
from pcrs.missions.models import Mission
from pcrs.registry import services
from pcrs.registry.models import (
    CapabilityType,
    Lease,
    Pledge,
    PledgeEquipment,
    RankBand,
    SelfSustainment,
    TableOfOrganizationLine,
    by_seniority,
)

CONTENT_TYPE = XLSX_TYPE
# Uncompressed, a filled annex is a few hundred kilobytes; a zip inflating past this is refused
# before openpyxl reads it (a zip bomb), as is one with more members than a workbook has.
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 200

COVER = "Cover"
ORGANIZATION = "Table of Organization"
EQUIPMENT = "Major equipment"
SUSTAINMENT = "Self-sustainment"
LISTS = "Lists"
SHEETS = (COVER, ORGANIZATION, EQUIPMENT, SUSTAINMENT)

# The cover: a title, the instructions, then one row per field under this header row.
COVER_HEADER_ROW = 12
# Column D of each cover row holds the field's key (hidden): rows are found by key, not by
# their (translated) label, so a workbook downloaded in French reads back in English.
KEY_COLUMN = 4


def max_upload_bytes() -> int:
    """The largest workbook accepted: the request body limit (DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


@dataclass(frozen=True)
class Problem:
    """One reason an uploaded workbook is refused, where a user can find it."""

    sheet: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class AnnexInvalid(Exception):
    """The workbook is refused; nothing was changed. `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


# ---------------------------------------------------------------- limits the model states


def _limits(model: type[models.Model], name: str) -> tuple[int, int]:
    low, high = 0, 2**31 - 1
    for validator in getattr(model._meta.get_field(name), "validators", []):
        if isinstance(validator, MinValueValidator):
            low = max(low, int(validator.limit_value))  # type: ignore[arg-type]
        elif isinstance(validator, MaxValueValidator):
            high = min(high, int(validator.limit_value))  # type: ignore[arg-type]
    return low, high


def _max_length(model: type[models.Model], name: str) -> int:
    return int(model._meta.get_field(name).max_length or 4000)  # type: ignore[union-attr]


# ---------------------------------------------------------------- the cover's fields


@dataclass(frozen=True)
class CoverField:
    """A PledgeInput field on the cover: its label, the hint, and how its cell is read."""

    name: str
    label: Any
    hint: Any
    kind: str  # "text", "int", "date", "list", "capability", "missions"


COVER_FIELDS: tuple[CoverField, ...] = (
    CoverField("title", gettext_lazy("Title"), gettext_lazy("National designation"), "text"),
    CoverField(
        "capability_type",
        gettext_lazy("Capability type"),
        gettext_lazy("Choose from the list"),
        "capability",
    ),
    CoverField(
        "personnel",
        gettext_lazy("Personnel"),
        gettext_lazy("Whole number; equals the Table of Organization's total"),
        "int",
    ),
    CoverField(
        "women",
        gettext_lazy("Women"),
        gettext_lazy("Whole number; equals the Table of Organization's women"),
        "int",
    ),
    CoverField(
        "available_from",
        gettext_lazy("Available from"),
        gettext_lazy("A date (YYYY-MM-DD)"),
        "date",
    ),
    CoverField(
        "notice_to_move_days",
        gettext_lazy("Notice to move (days)"),
        gettext_lazy("Whole number of days"),
        "int",
    ),
    CoverField(
        "languages",
        gettext_lazy("Languages"),
        gettext_lazy("ISO 639 codes separated by commas, e.g. en, fr"),
        "list",
    ),
    CoverField(
        "ranks",
        gettext_lazy("Ranks offered"),
        gettext_lazy("Individual officers only; separated by commas"),
        "list",
    ),
    CoverField(
        "caveat_missions",
        gettext_lazy("Missions it will not deploy to"),
        gettext_lazy("Mission acronyms separated by commas"),
        "missions",
    ),
    CoverField(
        "caveat_regions",
        gettext_lazy("Regions it will not deploy to"),
        gettext_lazy("Africa, Americas, Asia, Europe, Oceania; separated by commas"),
        "list",
    ),
    CoverField(
        "restricted_tasks",
        gettext_lazy("Tasks it will not perform"),
        gettext_lazy("Codes separated by commas (see the Lists sheet)"),
        "list",
    ),
    CoverField("caveat_notes", gettext_lazy("Other caveats"), gettext_lazy("Free text"), "text"),
    CoverField("contact_name", gettext_lazy("Contact name"), "", "text"),
    CoverField("contact_email", gettext_lazy("Contact e-mail"), "", "text"),
    CoverField("contact_phone", gettext_lazy("Contact telephone"), "", "text"),
)
COVER_BY_NAME = {f.name: f for f in COVER_FIELDS}
# Fields the sheets after the cover hold.
SHEET_OF_FIELD = {
    "organization": ORGANIZATION,
    "equipment": EQUIPMENT,
    "self_sustainment": SUSTAINMENT,
}
# Read-only rows of the cover, above the fields: which pledge, which version of it.
INFO_KEYS = ("pledge_id", "member_state", "version")
_INT_LIMITS = {
    "personnel": _limits(Pledge, "personnel"),
    "women": _limits(Pledge, "women"),
    "notice_to_move_days": _limits(Pledge, "notice_to_move_days"),
}
BAND_LIMITS = _limits(TableOfOrganizationLine, "men")
QUANTITY_LIMITS = _limits(PledgeEquipment, "quantity")
ITEM_LENGTH = _max_length(PledgeEquipment, "item")


def _row_of(name: str) -> int:
    """The cover row of an info key or a field (fixed: info rows first, then COVER_FIELDS)."""
    keys = (*INFO_KEYS, *(f.name for f in COVER_FIELDS))
    return COVER_HEADER_ROW + 1 + keys.index(name)


# ---------------------------------------------------------------- writing


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_UNLOCKED = Protection(locked=False)


def _header(sheet: Worksheet, row: int, titles: list[str], widths: list[int]) -> None:
    for index, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=index, value=title)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def _put(sheet: Worksheet, row: int, column: int, value: Any, *, editable: bool) -> None:
    cell = xlsx_text(sheet.cell(row=row, column=column, value=value))
    if editable:
        cell.protection = _UNLOCKED


def _protect(sheet: Worksheet) -> None:
    # Headers and labels are locked (no password: it guards against slips, not people).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _cover_value(pledge: Pledge, data: services.PledgeInput, name: str) -> Any:
    value = getattr(data, name)
    if name == "capability_type":
        return value.name
    if name == "caveat_missions":
        return ", ".join(sorted(m.acronym for m in pledge.caveat_missions.all()))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def build_workbook(pledge: Pledge) -> bytes:
    """The pledge's annex workbook (.xlsx bytes), filled with what the pledge holds now."""
    data = services.input_of(pledge)
    workbook = Workbook()
    cover = workbook.worksheets[0]
    cover.title = COVER
    lists = _lists_sheet(workbook)

    cover["A1"] = _("PCRS pledge annex workbook")
    cover["A1"].font = Font(bold=True, size=14)
    instructions = [
        _("Fill in the white cells of each sheet and upload the file on the pledge's page."),
        _(
            "Cover: the pledge's fields. Table of Organization (Annex B): men and women per rank "
            "band. Major equipment (Annex C): one item per row. Self-sustainment (Annex D): one "
            "category per row."
        ),
        _("Type values, not formulas: a cell holding a formula is refused."),
        _("Do not add sheets, merge cells or change the headings; the file must stay a .xlsx."),
        _("Whole numbers only in number columns; the limits are in the hints."),
        _(
            "A verified pledge (Level 2 or above) keeps its figures until the Secretariat "
            "accepts a material change: the upload then becomes a change request."
        ),
        _(
            "The upload is all or nothing: any problem is reported with its sheet, row and "
            "column, and nothing is changed."
        ),
    ]
    for offset, line in enumerate(instructions):
        cover.cell(row=3 + offset, column=1, value=line)
    _header(
        cover,
        COVER_HEADER_ROW,
        [_("Field"), _("Value"), _("What to enter")],
        [34, 48, 60],
    )
    info = {
        "pledge_id": (_("Pledge (do not change)"), str(pledge.pk)),
        "member_state": (_("Member State"), pledge.member_state.name),
        "version": (_("Version (do not change)"), pledge.version),
    }
    for key, (label, value) in info.items():
        row = _row_of(key)
        cover.cell(row=row, column=1, value=label)
        _put(cover, row, 2, value, editable=False)
        cover.cell(row=row, column=KEY_COLUMN, value=key)
    capability_list = DataValidation(
        type="list", formula1=f"={LISTS}!$A$2:$A${lists['capabilities'] + 1}", allow_blank=False
    )
    cover.add_data_validation(capability_list)
    for item in COVER_FIELDS:
        row = _row_of(item.name)
        cover.cell(row=row, column=1, value=str(item.label))
        hint = str(item.hint)
        if item.name in _INT_LIMITS:
            low, high = _INT_LIMITS[item.name]
            hint = _("%(hint)s, from %(low)s to %(high)s") % {
                "hint": hint,
                "low": low,
                "high": high,
            }
            rule = DataValidation(type="whole", operator="between", formula1=low, formula2=high)
            cover.add_data_validation(rule)
            rule.add(cover.cell(row=row, column=2))
        cover.cell(row=row, column=3, value=hint)
        _put(cover, row, 2, _cover_value(pledge, data, item.name), editable=True)
        if item.kind == "date":
            cover.cell(row=row, column=2).number_format = "yyyy-mm-dd"
        if item.kind == "capability":
            capability_list.add(cover.cell(row=row, column=2))
        cover.cell(row=row, column=KEY_COLUMN, value=item.name)
    cover.column_dimensions[get_column_letter(KEY_COLUMN)].hidden = True
    _protect(cover)

    _organization_sheet(workbook, pledge, lists)
    _equipment_sheet(workbook, pledge, lists)
    _sustainment_sheet(workbook, data, lists)
    workbook.move_sheet(LISTS, offset=len(workbook.sheetnames))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _lists_sheet(workbook: Workbook) -> dict[str, int]:
    """The hidden sheet the drop-down lists read; returns how many entries each list has."""
    sheet = workbook.create_sheet(LISTS)
    columns = {
        "capabilities": [
            c.name for c in CapabilityType.objects.filter(is_active=True).order_by("name")
        ],
        "bands": [str(label) for label in RankBand.labels],
        "sustainment": [str(label) for label in SelfSustainment.labels],
        "lease": [str(label) for label in Lease.labels],
    }
    headings = [_("Capability types"), _("Rank bands"), _("Self-sustainment"), _("Lease")]
    for index, (values, heading) in enumerate(zip(columns.values(), headings, strict=True), 1):
        sheet.cell(row=1, column=index, value=heading).font = _HEADER_FONT
        for offset, value in enumerate(values, start=2):
            _put(sheet, offset, index, value, editable=False)
    sheet.sheet_state = "hidden"
    _protect(sheet)
    return {name: len(values) for name, values in columns.items()}


def _list_rule(column: str, count: int) -> DataValidation:
    return DataValidation(
        type="list", formula1=f"={LISTS}!${column}$2:${column}${count + 1}", allow_blank=True
    )


def _organization_sheet(workbook: Workbook, pledge: Pledge, lists: dict[str, int]) -> None:
    sheet = workbook.create_sheet(ORGANIZATION)
    low, high = BAND_LIMITS
    _header(sheet, 1, [_("Rank band"), _("Men"), _("Women")], [32, 12, 12])
    bands = _list_rule("B", lists["bands"])
    numbers = DataValidation(type="whole", operator="between", formula1=low, formula2=high)
    sheet.add_data_validation(bands)
    sheet.add_data_validation(numbers)
    lines = by_seniority(list(pledge.organization.all()))
    for row in range(2, services.LIST_LIMITS["organization"] + 2):
        line = lines[row - 2] if row - 2 < len(lines) else None
        _put(sheet, row, 1, line.get_rank_band_display() if line else None, editable=True)
        _put(sheet, row, 2, line.men if line else None, editable=True)
        _put(sheet, row, 3, line.women if line else None, editable=True)
        bands.add(sheet.cell(row=row, column=1))
        numbers.add(sheet.cell(row=row, column=2))
        numbers.add(sheet.cell(row=row, column=3))
    _protect(sheet)


def _equipment_sheet(workbook: Workbook, pledge: Pledge, lists: dict[str, int]) -> None:
    sheet = workbook.create_sheet(EQUIPMENT)
    low, high = QUANTITY_LIMITS
    _header(sheet, 1, [_("Item"), _("Quantity"), _("Lease")], [48, 12, 14])
    lease = _list_rule("D", lists["lease"])
    quantity = DataValidation(type="whole", operator="between", formula1=low, formula2=high)
    sheet.add_data_validation(lease)
    sheet.add_data_validation(quantity)
    lines = list(pledge.equipment.order_by("item", "id"))
    for row in range(2, services.LIST_LIMITS["equipment"] + 2):
        line = lines[row - 2] if row - 2 < len(lines) else None
        _put(sheet, row, 1, line.item if line else None, editable=True)
        _put(sheet, row, 2, line.quantity if line else None, editable=True)
        _put(sheet, row, 3, line.get_lease_display() if line else None, editable=True)
        lease.add(sheet.cell(row=row, column=3))
        quantity.add(sheet.cell(row=row, column=2))
    _protect(sheet)


def _sustainment_sheet(
    workbook: Workbook, data: services.PledgeInput, lists: dict[str, int]
) -> None:
    sheet = workbook.create_sheet(SUSTAINMENT)
    _header(sheet, 1, [_("Category (self-sustained)")], [52])
    categories = _list_rule("C", lists["sustainment"])
    sheet.add_data_validation(categories)
    labels = dict(SelfSustainment.choices)
    declared = [str(labels.get(code, code)) for code in data.self_sustainment]
    for row in range(2, len(SelfSustainment.values) + 2):
        value = declared[row - 2] if row - 2 < len(declared) else None
        _put(sheet, row, 1, value, editable=True)
        categories.add(sheet.cell(row=row, column=1))
    _protect(sheet)


# ---------------------------------------------------------------- reading


def _open(content: bytes) -> Workbook:
    """Open the bytes as a workbook, refusing what is not one before openpyxl inflates it."""
    not_a_workbook = Problem(
        "", None, "", _("This file is not an Excel workbook (.xlsx); download the annex again.")
    )
    if len(content) > max_upload_bytes():
        raise AnnexInvalid([too_large_problem(len(content))])
    if not content.startswith(b"PK"):
        raise AnnexInvalid([not_a_workbook])
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise AnnexInvalid([not_a_workbook])
            inflated = sum(m.file_size for m in members)
            if len(members) > MAX_ZIP_MEMBERS or inflated > MAX_UNCOMPRESSED_BYTES:
                raise AnnexInvalid(
                    [
                        Problem(
                            "",
                            None,
                            "",
                            _(
                                "This workbook unpacks to more than %(limit)s MB; an annex is "
                                "far smaller. Download the annex again."
                            )
                            % {"limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)},
                        )
                    ]
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        raise AnnexInvalid([not_a_workbook]) from None
    try:
        # keep_vba=False (the default): macros are dropped, never kept or run.
        return load_workbook(io.BytesIO(content), data_only=False, keep_vba=False)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same here
        raise AnnexInvalid([not_a_workbook]) from None


def too_large_problem(size: int) -> Problem:
    return Problem(
        "",
        None,
        "",
        _("The file is %(size)s bytes; the limit is %(limit)s bytes. Nothing was read.")
        % {"size": size, "limit": max_upload_bytes()},
    )


@dataclass
class _Reader:
    """Collects problems while reading; each names its sheet, row and column."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, sheet: str, row: int | None, column: int | str, message: str) -> None:
        letter = get_column_letter(column) if isinstance(column, int) else column
        self.problems.append(Problem(sheet, row, letter, message))

    def whole(
        self, sheet: str, row: int, column: int, value: Any, *, limits: tuple[int, int], blank: Any
    ) -> Any:
        """A whole number within `limits`; `blank` when the cell is empty (None: required)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            if blank is None:
                self.add(sheet, row, column, _("A whole number is required."))
            return blank
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif (
            isinstance(value, int)
            or (isinstance(value, float) and value.is_integer())
            or (isinstance(value, str) and re.fullmatch(r"\s*\d{1,9}\s*", value))
        ):
            number = int(value)
        if number is None:
            self.add(sheet, row, column, _("%(value)r is not a whole number.") % {"value": value})
            return blank
        low, high = limits
        if not low <= number <= high:
            self.add(
                sheet,
                row,
                column,
                _("%(number)s is outside the limits (%(low)s to %(high)s).")
                % {"number": number, "low": low, "high": high},
            )
            return blank
        return number

    def text(self, sheet: str, row: int, column: int, value: Any, max_length: int) -> str:
        if value is None:
            return ""
        if isinstance(value, (dt.date, dt.datetime, bool)):
            self.add(sheet, row, column, _("Text is expected here, not a date or a yes/no."))
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if len(text) > max_length:
            self.add(
                sheet,
                row,
                column,
                _("At most %(limit)s characters; this has %(length)s.")
                % {"limit": max_length, "length": len(text)},
            )
            return ""
        return text


def _cells(sheet: Worksheet) -> list[Any]:
    # The cells the file holds (openpyxl keeps only those): walking the used range instead
    # would create a million empty cells for a sheet whose last row is 1048576.
    return list(sheet._cells.values())


def _check_structure(workbook: Workbook, reader: _Reader) -> None:
    names = workbook.sheetnames
    for name in names:
        if name not in (*SHEETS, LISTS):
            reader.add(
                name, None, "", _("This sheet is not part of the annex; remove it and upload.")
            )
    for name in SHEETS:
        if name not in names:
            reader.add(name, None, "", _("This sheet is missing; download the annex again."))
    for name in names:
        sheet = workbook[name]
        if not isinstance(sheet, Worksheet):
            if name in SHEETS:
                reader.add(name, None, "", _("This sheet must be a worksheet, not a chart."))
            continue  # a chart sheet under another name: already named as extra above
        for merged in sheet.merged_cells.ranges:
            reader.add(
                name,
                merged.min_row,
                get_column_letter(merged.min_col),
                _("Merged cells (%(range)s) are not allowed; unmerge them.")
                % {"range": merged.coord},
            )
        if name == LISTS:
            continue
        for cell in _cells(sheet):
            if cell.data_type == "f":
                reader.add(
                    name,
                    cell.row,
                    cell.column_letter,
                    _(
                        "Cell %(cell)s holds a formula; type the value itself "
                        "(formulas are not read)."
                    )
                    % {"cell": cell.coordinate},
                )


def _beyond_area(sheet: Worksheet, reader: _Reader, last_row: int, last_column: int) -> None:
    for cell in _cells(sheet):
        if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        if cell.row > last_row or cell.column > last_column:
            reader.add(
                sheet.title,
                cell.row,
                cell.column_letter,
                _("This cell lies outside the table (rows 2 to %(last)s, columns A to %(col)s).")
                % {"last": last_row, "col": get_column_letter(last_column)},
            )


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _read_cover(
    sheet: Worksheet, pledge: Pledge, reader: _Reader
) -> tuple[dict[str, Any], int | None]:
    """The cover's fields as PledgeInput keyword values, and the version it was made from."""
    rows: dict[str, int] = {}
    for cell in sorted(_cells(sheet), key=lambda c: c.row):
        key = cell.value
        if cell.column != KEY_COLUMN or cell.row <= COVER_HEADER_ROW:
            continue
        if isinstance(key, str) and key in (*INFO_KEYS, *COVER_BY_NAME):
            rows.setdefault(key, cell.row)
    for key in (*INFO_KEYS, *COVER_BY_NAME):
        if key not in rows:
            reader.add(
                COVER,
                _row_of(key),
                "A",
                _("The row of %(field)s is missing; download the annex again.") % {"field": key},
            )
    if reader.problems:
        return {}, None

    def value(key: str) -> Any:
        return sheet.cell(row=rows[key], column=2).value

    if str(value("pledge_id") or "").strip() != str(pledge.pk):
        reader.add(
            COVER,
            rows["pledge_id"],
            "B",
            _("This workbook belongs to another pledge; download this pledge's annex."),
        )
    version = reader.whole(
        COVER, rows["version"], 2, value("version"), limits=(1, 2**31 - 1), blank=None
    )

    values: dict[str, Any] = {}
    for item in COVER_FIELDS:
        row, raw = rows[item.name], value(item.name)
        if item.kind == "int":
            values[item.name] = reader.whole(
                COVER, row, 2, raw, limits=_INT_LIMITS[item.name], blank=None
            )
        elif item.kind == "text":
            values[item.name] = reader.text(COVER, row, 2, raw, _max_length(Pledge, item.name))
        elif item.kind == "date":
            values[item.name] = _date(reader, row, raw)
        elif item.kind == "capability":
            values[item.name] = _capability(reader, row, raw)
        elif item.kind == "missions":
            values[item.name] = _missions(reader, row, reader.text(COVER, row, 2, raw, 4000))
        else:
            values[item.name] = _split(reader.text(COVER, row, 2, raw, 4000))
    return values, version


def _date(reader: _Reader, row: int, raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    reader.add(COVER, row, "B", _("%(value)r is not a date (YYYY-MM-DD).") % {"value": raw})
    return None


def _capability(reader: _Reader, row: int, raw: Any) -> CapabilityType | None:
    name = reader.text(COVER, row, 2, raw, 120)
    found = CapabilityType.objects.filter(name=name).first() if name else None
    if found is None:
        reader.add(
            COVER,
            row,
            "B",
            _("%(value)r is not a capability type of the catalogue; choose one from the list.")
            % {"value": name},
        )
    return found


def _missions(reader: _Reader, row: int, text: str) -> list[Mission]:
    acronyms = _split(text)
    found = {
        m.acronym.upper(): m
        for m in Mission.objects.filter(acronym__in={*acronyms, *(a.upper() for a in acronyms)})
    }
    unknown = [a for a in acronyms if a.upper() not in found]
    if unknown:
        reader.add(
            COVER,
            row,
            "B",
            _("Unknown mission acronym(s): %(names)s.") % {"names": ", ".join(unknown)},
        )
    return [found[a.upper()] for a in acronyms if a.upper() in found]


def _by_label(choices: type[models.TextChoices]) -> dict[str, str]:
    """Label or code (any case) -> code, so that a typed code is read as well as a chosen label.
    Labels of every site language: the lists are written in the downloader's language, and
    the upload may come from a session in another."""
    mapping = {str(code).lower(): str(code) for code in choices.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            mapping |= {str(label).lower(): str(code) for code, label in choices.choices}
    return mapping


def _table_rows(
    sheet: Worksheet, reader: _Reader, last_row: int, width: int
) -> list[tuple[int, list[Any]]]:
    """The non-empty rows of a table (row number, values of columns A..width)."""
    _beyond_area(sheet, reader, last_row, width)
    found = []
    for row in range(2, last_row + 1):
        values = [sheet.cell(row=row, column=c).value for c in range(1, width + 1)]
        if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values):
            found.append((row, values))
    return found


def _read_organization(sheet: Worksheet, reader: _Reader) -> list[services.OrganizationLine]:
    bands = _by_label(RankBand)
    lines = []
    seen: dict[str, int] = {}
    for row, (band, men, women) in _table_rows(
        sheet, reader, services.LIST_LIMITS["organization"] + 1, 3
    ):
        code = bands.get(str(band or "").strip().lower())
        if code is None:
            reader.add(
                ORGANIZATION,
                row,
                "A",
                _("%(value)r is not a rank band; choose one from the list.") % {"value": band},
            )
        elif code in seen:
            reader.add(
                ORGANIZATION,
                row,
                "A",
                _("This rank band is already on row %(row)s.") % {"row": seen[code]},
            )
        else:
            seen[code] = row
        men_n = reader.whole(ORGANIZATION, row, 2, men, limits=BAND_LIMITS, blank=0)
        women_n = reader.whole(ORGANIZATION, row, 3, women, limits=BAND_LIMITS, blank=0)
        if code is not None:
            lines.append(services.OrganizationLine(rank_band=code, men=men_n, women=women_n))
    return lines


def _read_equipment(sheet: Worksheet, reader: _Reader) -> list[services.EquipmentLine]:
    leases = _by_label(Lease)
    lines = []
    for row, (item, quantity, lease) in _table_rows(
        sheet, reader, services.LIST_LIMITS["equipment"] + 1, 3
    ):
        name = reader.text(EQUIPMENT, row, 1, item, ITEM_LENGTH)
        if not name:
            reader.add(EQUIPMENT, row, "A", _("Name the item."))
        number = reader.whole(EQUIPMENT, row, 2, quantity, limits=QUANTITY_LIMITS, blank=None)
        code = leases.get(str(lease).strip().lower()) if lease is not None else Lease.WET
        if code is None:
            reader.add(
                EQUIPMENT,
                row,
                "C",
                _("%(value)r is not a lease; choose Wet lease or Dry lease.") % {"value": lease},
            )
        if name and number is not None and code is not None:
            lines.append(services.EquipmentLine(item=name, quantity=number, lease=code))
    return lines


def _read_sustainment(sheet: Worksheet, reader: _Reader) -> list[str]:
    categories = _by_label(SelfSustainment)
    declared = []
    for row, (label,) in _table_rows(sheet, reader, len(SelfSustainment.values) + 1, 1):
        code = categories.get(str(label).strip().lower())
        if code is None:
            reader.add(
                SUSTAINMENT,
                row,
                "A",
                _("%(value)r is not a self-sustainment category; choose one from the list.")
                % {"value": label},
            )
        elif code not in declared:
            declared.append(code)
    return declared


def read_workbook(content: bytes, *, pledge: Pledge) -> tuple[services.PledgeInput, int | None]:
    """The PledgeInput an uploaded annex states, and the version it was downloaded at.

    Raises AnnexInvalid listing every problem; reads nothing but the bytes and reference data.
    """
    workbook = _open(content)
    reader = _Reader()
    _check_structure(workbook, reader)
    if reader.problems:
        raise AnnexInvalid(reader.problems)
    values, version = _read_cover(workbook[COVER], pledge, reader)
    if values:
        values["organization"] = _read_organization(workbook[ORGANIZATION], reader)
        values["equipment"] = _read_equipment(workbook[EQUIPMENT], reader)
        values["self_sustainment"] = _read_sustainment(workbook[SUSTAINMENT], reader)
    if reader.problems:
        raise AnnexInvalid(reader.problems)
    return services.PledgeInput(**values), version


# ---------------------------------------------------------------- applying, through the services


def _problems_of(errors: dict[str, list[str]]) -> list[Problem]:
    problems: list[Problem] = []
    for name, messages in errors.items():
        where: tuple[str, int | None, str]
        if name in COVER_BY_NAME:
            where = (COVER, _row_of(name), "B")
        elif name in SHEET_OF_FIELD:
            where = (SHEET_OF_FIELD[name], None, "")
        else:
            where = (COVER, None, "")
        sheet, row, column = where
        problems.extend(Problem(sheet, row, column, str(message)) for message in messages)
    return problems


def annex_apply(*, actor: User, pledge: Pledge, content: bytes) -> Pledge:
    """Read an uploaded annex and apply it with `services.pledge_update` (change control and
    all); raises AnnexInvalid, with nothing changed, when the file or its content is refused."""
    data, version = read_workbook(content, pledge=pledge)
    try:
        return services.pledge_update(
            actor=actor, pledge=pledge, data=data, expected_version=version
        )
    except NotVisible:
        raise
    except ConcurrentChangeError as exc:
        raise AnnexInvalid([Problem(COVER, _row_of("version"), "B", exc.message)]) from None
    except DomainError as exc:
        errors = {exc.field: [exc.message]} if exc.field else {"": [exc.message]}
        raise AnnexInvalid(_problems_of(errors)) from None
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        raise AnnexInvalid(_problems_of(errors)) from None


def filename(pledge: Pledge) -> str:
    label = re.sub(r"[^A-Za-z0-9]+", "-", pledge.title or pledge.capability_type.code).strip("-")
    return f"pcrs-annex-{pledge.member_state.iso3}-{label or 'pledge'}.xlsx"

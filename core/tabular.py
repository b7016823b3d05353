"""Reading an uploaded CSV or XLSX file into rows keyed by column name (no ORM, no clock)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from .cells import RawRow
from .spreadsheet import formula_unguard
from .text import joined

ENCODINGS = ("utf-8-sig", "gb18030")  # Excel on a Chinese Windows saves CSV as GB18030/GBK.
DELIMITERS = (",", ";", "\t")
UPLOAD_SUFFIXES = (".csv", ".xlsx")


class TableError(Exception):
    """The file as a whole cannot be read: its type, encoding, header, or size."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_table(
    content: bytes, file_name: str, *, max_rows: int, columns: Sequence[str], required: Sequence[str] = ()
) -> list[RawRow]:
    """The non-blank rows under the header row, numbered as a spreadsheet shows them (the header is row 1).

    ``columns`` are the columns read; ``required`` those the header must name (all of
    ``columns`` when empty). Other columns are ignored, so an export can be uploaded again."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".csv":
        records = _csv_records(content)
    elif suffix == ".xlsx":
        records = _xlsx_records(content)
    else:
        raise TableError(_("Upload a .csv or .xlsx file."))
    return _rows(records, max_rows, columns, required or columns)


def _rows(records: Iterator[list[Any]], max_rows: int, columns: Sequence[str], required: Sequence[str]) -> list[RawRow]:
    header_cells = next(records, None)
    if header_cells is None:
        raise TableError(_("The file is empty."))
    header = [_column_name(cell) for cell in header_cells]
    _check_header(header, columns, required)
    index = {name: position for position, name in enumerate(header) if name in columns}
    width = max(position for position, name in enumerate(header) if name) + 1
    rows: list[RawRow] = []
    for number, cells in enumerate(records, start=2):
        if all(_blank(cell) for cell in cells):
            continue
        if len(rows) == max_rows:
            raise TableError(
                _("The file has more than %(max)s rows; split it into smaller files.") % {"max": f"{max_rows:,}"}
            )
        values = {name: cells[position] if position < len(cells) else None for name, position in index.items()}
        overflow = any(not _blank(cell) for cell in cells[width:])
        rows.append(RawRow(number, values, overflow))
    if not rows:
        raise TableError(_("The file has a header row but no figures under it."))
    return rows


def _check_header(header: list[str], columns: Sequence[str], required: Sequence[str]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise TableError(
            _("The first row must name the columns, as in the template. Missing: %(columns)s.")
            % {"columns": joined(missing)}
        )
    twice = sorted({name for name in header if name in columns and header.count(name) > 1})
    if twice:
        raise TableError(_("These columns appear twice: %(columns)s.") % {"columns": joined(twice)})


def _column_name(cell: Any) -> str:
    return "" if cell is None else str(cell).strip().lower()


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _csv_records(content: bytes) -> Iterator[list[Any]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        # An exported file guards text a spreadsheet would run as a formula; reading it back removes exactly that.
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [formula_unguard(cell) for cell in record]
    except csv.Error as exc:
        raise TableError(_("The file is not a readable CSV file.")) from exc


def _decode(content: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("The file's text encoding is not UTF-8 or GB18030; save it as CSV UTF-8."))


def _xlsx_records(content: bytes) -> Iterator[list[Any]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise TableError(_("The file is not a readable .xlsx workbook.")) from exc
    try:
        if not workbook.worksheets:
            raise TableError(_("The workbook has no sheet."))
        for row in workbook.worksheets[0].iter_rows():
            yield [_xlsx_value(cell) for cell in row]
    except TableError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise TableError(_("The file is not a readable .xlsx workbook.")) from exc
    finally:
        workbook.close()


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    number_format = getattr(cell, "number_format", None) or ""
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in number_format:
        # A cell shown as 99.20% holds 0.992.
        return (Decimal(repr(value)) * 100).normalize()
    return value

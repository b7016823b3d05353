"""Export of a dashboard table to CSV or XLSX, with cells a spreadsheet will never run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

# A text cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (tab and carriage return too, per OWASP's CSV injection advice).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_safe(value: Any) -> Any:
    """A value fit for a spreadsheet cell: numbers and dates stay as they are (a negative number is data,
    not a formula); text starting with = + - @ gets a leading apostrophe so it is shown, never run."""
    if value is None or isinstance(value, bool | int | float | Decimal | date):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


@dataclass(frozen=True)
class Column:
    """A column of an exported table: its header and how a row's value is read."""

    key: str
    label: Any
    value: Callable[[Mapping[str, Any]], Any] | None = None

    def of(self, row: Mapping[str, Any]) -> Any:
        return self.value(row) if self.value else row.get(self.key)


@dataclass(frozen=True)
class Table:
    """A dashboard table as exported: a sheet title, columns and rows (dicts from the selectors)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Mapping[str, Any]] = field(default_factory=list)

    def header(self) -> list[Any]:
        return [cell_safe(str(c.label)) for c in self.columns]

    def body(self) -> Iterable[list[Any]]:
        for row in self.rows:
            yield [cell_safe(_plain(c.of(row))) for c in self.columns]


def _plain(value: Any) -> Any:
    """Aware datetimes in the current time zone without tzinfo (spreadsheets have no time zones)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table_csv(table: Table) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel shows Chinese store names correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header())
    for row in table.body():
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """One worksheet, bold header, frozen first row; numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(table.title)
    sheet.append(table.header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in table.body():
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guesses
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'")
    return cleaned[:31] or "Sheet"


def export_response(table: Table, fmt: str, file_stem: str) -> HttpResponse:
    """The table as a download in ``fmt`` (csv or xlsx)."""
    if fmt == "xlsx":
        response = HttpResponse(table_xlsx(table), content_type=XLSX)
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    safe_stem = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "-" for ch in file_stem)
    response["Content-Disposition"] = f'attachment; filename="{safe_stem}.{fmt}"'
    return response
